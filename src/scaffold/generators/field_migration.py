"""The Alembic migration of one field change, rendered from the change (no database needed).

Every operation runs inside `op.batch_alter_table`, which is plain ALTER TABLE on PostgreSQL and
a copy of the table on SQLite when SQLite cannot alter in place. Steps that must see the result
of the step before (add a column, then drop its server default) get their own batch block.

The column's indexes and constraints (scaffold.model.table_layout) are created after the column is
filled, and dropped before it is renamed or dropped: SQLite's copy of the table would otherwise
carry a CHECK or an index that names a column the copy no longer has.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from scaffold.model.codegen import FieldView, _migration_type
from scaffold.model.spec import FieldSpec, string_default
from scaffold.model.table_layout import Layout

HEADER = '''"""{message}

Revision ID: {revision}
Revises: {down_revision_text}
Create Date: {create_date}
{note}"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "{revision}"
down_revision: str | None = {down_revision!r}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
'''


# Set at the top of a function whose CHECK conditions differ between the databases.
_DIALECT_LINE = '    postgresql = op.get_context().dialect.name == "postgresql"\n'


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    create_date: str


@dataclass(frozen=True)
class ColumnObjects:
    """The indexes and constraints of one column that a migration creates or drops."""

    layout: Layout
    # A one-column index that `Field(index=True)` names by the naming convention: what models
    # generated before the table layout declare for an `:index` field.
    legacy_index: str | None = None

    def lines(self, column: str, *, create: bool) -> list[str]:
        """batch_op calls that create these objects (or drop them, in the reverse order)."""
        out = []
        for unique in self.layout.uniques:
            name = f'batch_op.f("{unique.name}")'
            columns = ", ".join(f'"{c}"' for c in ("user_id", *unique.columns))
            out.append(
                f"batch_op.create_unique_constraint({name}, [{columns}])"
                if create
                else f'batch_op.drop_constraint({name}, type_="unique")'
            )
        indexes = [(i.name, i.column_list, i.where_kwargs) for i in self.layout.indexes]
        if self.legacy_index:
            indexes.append((self.legacy_index, f'["{column}"]', ""))
        for index_name, column_list, where in indexes:
            name = f'batch_op.f("{index_name}")'
            out.append(
                f"batch_op.create_index({name}, {column_list}, unique=False{where})"
                if create
                else f"batch_op.drop_index({name})"
            )
        for check in self.layout.checks:
            name = f'batch_op.f("{check.name}")'
            out.append(
                f"batch_op.create_check_constraint({name}, {check.condition_code})"
                if create
                else f'batch_op.drop_constraint({name}, type_="check")'
            )
        return out if create else list(reversed(out))

    @property
    def dialect_specific(self) -> bool:
        return self.layout.dialect_specific


def server_default(spec: FieldSpec) -> str | None:
    """The SQL default that fills existing rows for `spec`'s default, as Python code; None when
    the default is computed per row in Python (now, new) and so has no portable SQL form."""
    value = spec.default
    if value is None or spec.type in {"datetime", "uuid"}:
        return None
    if spec.type == "bool":
        return "sa.true()" if value.lower() == "true" else "sa.false()"
    if spec.type in {"str", "text"}:
        return repr(string_default(value))
    return repr(value)  # numbers, dates, enum values and json literals: the DB casts the text


def _existing_type(spec: FieldSpec) -> str:
    """The column type as `existing_type=` of alter_column: plain SQLAlchemy, since Alembic's
    batch rename trips over sqlmodel's AutoString (a TypeDecorator)."""
    if spec.type == "str":
        return f"sa.String(length={spec.max_length})" if spec.max_length else "sa.String()"
    return _migration_type(spec)


def _column(spec: FieldSpec, *, nullable: bool, default: str | None = None) -> str:
    extra = f", server_default={default}" if default else ""
    return f'sa.Column("{spec.column}", {_migration_type(spec)}, nullable={nullable}{extra})'


def _block(table: str, lines: list[str]) -> str:
    if not lines:
        return ""
    inner = "".join(f"        {line}\n" for line in lines)
    return f'    with op.batch_alter_table("{table}", schema=None) as batch_op:\n{inner}'


def _creating(objects: ColumnObjects, body: str) -> str:
    """`body` of a function that creates `objects`, told which database it runs on if a CHECK
    condition depends on it."""
    return _DIALECT_LINE + body if objects.dialect_specific else body


def _document(message: str, rev: Revision, note: str, upgrade: str, downgrade: str) -> str:
    header = HEADER.format(
        message=message,
        revision=rev.revision,
        down_revision=rev.down_revision,
        down_revision_text=rev.down_revision or "",
        create_date=rev.create_date,
        note=f"\n{textwrap.fill(note, width=99)}\n" if note else "",
    )
    empty = "    pass\n"
    return (
        f"{header}\n\ndef upgrade() -> None:\n{upgrade or empty}\n\n"
        f"def downgrade() -> None:\n{downgrade or empty}"
    )


def add_column(view: FieldView, rev: Revision, backfill: str | None, objects: ColumnObjects) -> str:
    """Add `view`'s column and its `objects`. Existing rows get `backfill` (an SQL expression)
    or the default."""
    spec, table, column = view.spec, view.table, view.name
    existing = f"existing_type={_existing_type(spec)}"
    # One value for every row would break a unique constraint: those rows keep NULL.
    default = None if backfill or spec.unique else server_default(spec)
    if backfill is not None:
        update = f"UPDATE {table} SET {column} = {backfill}"
        upgrade = _block(table, [f"batch_op.add_column({_column(spec, nullable=True)})"])
        upgrade += f"    op.execute({update!r})\n"
        if not spec.optional:
            upgrade += _block(
                table,
                [f'batch_op.alter_column("{column}", {existing}, nullable=False)'],
            )
        note = f"Existing rows get {backfill} (--backfill)."
    elif default is not None:
        # The default fills the existing rows; the model sets it in Python, so the column keeps
        # no server default (and `alembic check` finds models and migrations equal).
        upgrade = _block(
            table,
            [f"batch_op.add_column({_column(spec, nullable=spec.optional, default=default)})"],
        )
        upgrade += _block(
            table,
            [
                f'batch_op.alter_column("{column}", {existing}, '
                f"existing_nullable={spec.optional}, server_default=None)"
            ],
        )
        note = f"Existing rows get the default {spec.default}."
    else:
        upgrade = _block(table, [f"batch_op.add_column({_column(spec, nullable=True)})"])
        note = "Existing rows get NULL."
    upgrade += _block(table, objects.lines(column, create=True))
    downgrade = _block(
        table,
        [*objects.lines(column, create=False), f'batch_op.drop_column("{column}")'],
    )
    message = f"add {column} to {table}"
    return _document(message, rev, note, _creating(objects, upgrade), downgrade)


def rename_column(
    old: FieldView, new: FieldView, rev: Revision, before: ColumnObjects, after: ColumnObjects
) -> str:
    """Rename the column (its data stays); its objects `before` are dropped first and `after`,
    named for the new column, created once it is renamed."""
    table = old.table

    def steps(
        source: FieldSpec, target: FieldSpec, dropped: ColumnObjects, created: ColumnObjects
    ) -> str:
        rename = (
            f'batch_op.alter_column("{source.column}", new_column_name="{target.column}", '
            f"existing_type={_existing_type(source)}, existing_nullable={source.optional})"
        )
        return (
            _block(table, dropped.lines(source.column, create=False))
            + _block(table, [rename])
            + _block(table, created.lines(target.column, create=True))
        )

    message = f"rename {table}.{old.name} to {new.name}"
    return _document(
        message,
        rev,
        "The column is renamed: its data stays.",
        _creating(after, steps(old.spec, new.spec, before, after)),
        _creating(before, steps(new.spec, old.spec, after, before)),
    )


def drop_column(view: FieldView, rev: Revision, objects: ColumnObjects) -> str:
    """Drop the column and its `objects`; the downgrade adds them back, the column nullable
    and empty (its data is gone)."""
    spec, table = view.spec, view.table
    upgrade = _block(
        table,
        [*objects.lines(spec.column, create=False), f'batch_op.drop_column("{spec.column}")'],
    )
    downgrade = _block(table, [f"batch_op.add_column({_column(spec, nullable=True)})"])
    downgrade = _creating(
        objects, downgrade + _block(table, objects.lines(spec.column, create=True))
    )
    note = (
        f"Destructive: the data in {table}.{spec.column} is lost. The downgrade adds the column "
        "back, nullable and empty."
    )
    return _document(f"drop {spec.column} from {table}", rev, note, upgrade, downgrade)
