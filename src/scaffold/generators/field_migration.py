"""The Alembic migration of one field change, rendered from the change (no database needed).

Every operation runs inside `op.batch_alter_table`, which is plain ALTER TABLE on PostgreSQL and
a copy of the table on SQLite when SQLite cannot alter in place. Steps that must see the result
of the step before (add a column, then drop its server default) get their own batch block.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from scaffold.codegen import _migration_type
from scaffold.spec import FieldSpec, string_default

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


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    create_date: str


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


def _index_lines(table: str, spec: FieldSpec, *, create: bool) -> list[str]:
    """Create (or drop) the index and per-owner unique constraint of `spec`'s column."""
    column = spec.column
    lines = []
    if spec.index or spec.type == "ref":
        name = f'batch_op.f("ix_{table}_{column}")'
        lines.append(
            f'batch_op.create_index({name}, ["{column}"], unique=False)'
            if create
            else f"batch_op.drop_index({name})"
        )
    if spec.unique:
        name = f'batch_op.f("uq_{table}_user_id_{column}")'
        lines.append(
            f'batch_op.create_unique_constraint({name}, ["user_id", "{column}"])'
            if create
            else f'batch_op.drop_constraint({name}, type_="unique")'
        )
    return lines if create else list(reversed(lines))


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


def add_column(table: str, spec: FieldSpec, rev: Revision, backfill: str | None) -> str:
    """Add `spec`'s column. Existing rows get `backfill` (an SQL expression) or the default."""
    column = spec.column
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
    upgrade += _block(table, _index_lines(table, spec, create=True))
    downgrade = _block(
        table,
        [*_index_lines(table, spec, create=False), f'batch_op.drop_column("{column}")'],
    )
    return _document(f"add {column} to {table}", rev, note, upgrade, downgrade)


def rename_column(table: str, old: FieldSpec, new: FieldSpec, rev: Revision) -> str:
    """Rename the column (its data stays), and its index and unique constraint names."""

    def steps(source: FieldSpec, target: FieldSpec) -> str:
        rename = (
            f'batch_op.alter_column("{source.column}", new_column_name="{target.column}", '
            f"existing_type={_existing_type(source)}, existing_nullable={source.optional})"
        )
        return (
            _block(table, _index_lines(table, source, create=False))
            + _block(table, [rename])
            + _block(table, _index_lines(table, target, create=True))
        )

    message = f"rename {table}.{old.column} to {new.column}"
    return _document(
        message, rev, "The column is renamed: its data stays.", steps(old, new), steps(new, old)
    )


def drop_column(table: str, spec: FieldSpec, rev: Revision) -> str:
    """Drop the column; the downgrade adds it back, nullable and empty (its data is gone)."""
    upgrade = _block(
        table,
        [*_index_lines(table, spec, create=False), f'batch_op.drop_column("{spec.column}")'],
    )
    downgrade = _block(table, [f"batch_op.add_column({_column(spec, nullable=True)})"])
    downgrade += _block(table, _index_lines(table, spec, create=True))
    note = (
        f"Destructive: the data in {table}.{spec.column} is lost. The downgrade adds the column "
        "back, nullable and empty."
    )
    return _document(f"drop {spec.column} from {table}", rev, note, upgrade, downgrade)
