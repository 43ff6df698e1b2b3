"""The Alembic migration of one field change, rendered from the change (no database needed).

The steps both databases share, and SQLite's own, run inside `op.batch_alter_table`: plain ALTER
TABLE on PostgreSQL, a copy of the table on SQLite when SQLite cannot alter in place. Steps
that must see the result of the step before (add a column, then drop its server default) get
their own batch block.

The column's indexes and constraints (scaffold.model.table_layout) are created after the column is
filled, and dropped before it is renamed or dropped: SQLite's copy of the table would otherwise
carry a CHECK or an index that names a column the copy no longer has.

Where the databases differ, SQLite's steps come first (`if not postgresql: ... return`), then
PostgreSQL's, which take no lock that blocks writes for a scan of a live table, so that
`scaffold migrate lint` finds nothing in them: a CHECK is added `NOT VALID` and validated outside
the migration's transaction, an index (a unique constraint's too) is built `CONCURRENTLY` there,
NOT NULL after a backfill is proven by a validated check first, and a rename renames the
column's indexes and constraints in place. What is unsafe by nature (renaming or dropping a
column the running release reads) carries an acknowledgement with its reason
(`# scaffold: allow[ML105] -- ...`), and the command prints it (`with_caution`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace

from scaffold.engine.plan import FileChange
from scaffold.migrate import acknowledge, safe_ddl
from scaffold.model.codegen import FieldView, _migration_type
from scaffold.model.spec import FieldSpec, string_default
from scaffold.model.table_layout import Layout, fit_name, quote_column

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


# Set at the top of a function whose steps differ between the databases.
_DIALECT_LINE = '    postgresql = op.get_context().dialect.name == "postgresql"\n'
_AUTOCOMMIT = "with op.get_context().autocommit_block():"
# What a failure outside the transaction leaves, said where it can happen.
_PARTIAL = (
    "If a step there fails, the steps before it stay done: finish the others by hand, then "
    "`alembic stamp` this revision."
)

# Why scaffold's own unsafe operations are acknowledged (see scaffold.migrate.acknowledge).
_RENAME_REASON = (
    "renaming {table}.{old} breaks the running release, which still reads it: stop the old "
    "instances before this migration runs (or rename by expand and contract)"
)
_DROP_REASON = (
    "dropping {table}.{column} breaks the running release, which still selects it: deploy the "
    "code without the field first, then run this migration"
)


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
        for index_name, column_list, where in self._indexes(column):
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

    @property
    def empty(self) -> bool:
        layout = self.layout
        return not (layout.uniques or layout.indexes or layout.checks or self.legacy_index)

    def _indexes(self, column: str) -> list[tuple[str, str, str]]:
        indexes = [(i.name, i.column_list, i.where_kwargs) for i in self.layout.indexes]
        if self.legacy_index:
            indexes.append((self.legacy_index, f'["{column}"]', ""))
        return indexes

    def postgresql_steps(self, table: str, column: str) -> PostgresSteps:
        """How PostgreSQL creates these objects without blocking writes for a scan."""
        steps = PostgresSteps()
        for check in self.layout.checks:
            steps.add_not_valid_check(table, check.name, check.postgresql)
        for index_name, column_list, where in self._indexes(column):
            steps.add_index(table, index_name, column_list, where)
        for unique in self.layout.uniques:
            columns = ", ".join(f'"{c}"' for c in ("user_id", *unique.columns))
            # The constraint takes over the index, built without blocking writes.
            steps.add_index(table, unique.name, f"[{columns}]", "", unique=True)
            steps.after.append(
                safe_ddl.execute_call(safe_ddl.unique_using_index(table, unique.name))
            )
        return steps

    def renames(self, other: ColumnObjects, table: str, column: str, new: str) -> list[str]:
        """`op.execute` lines that rename these objects (of `column`) to `other`'s (of `new`),
        where PostgreSQL has carried them over to the renamed column."""
        pairs = list(zip(self.layout.uniques, other.layout.uniques, strict=True))
        constraints = [(a.name, b.name) for a, b in pairs]
        constraints += [
            (a.name, b.name) for a, b in zip(self.layout.checks, other.layout.checks, strict=True)
        ]
        indexes = [
            (a[0], b[0]) for a, b in zip(self._indexes(column), other._indexes(new), strict=True)
        ]
        lines = [safe_ddl.execute_call(safe_ddl.rename_index(a, b)) for a, b in indexes if a != b]
        lines += [
            safe_ddl.execute_call(safe_ddl.rename_constraint(table, a, b))
            for a, b in constraints
            if a != b
        ]
        return lines


@dataclass
class PostgresSteps:
    """PostgreSQL's safe sequence, in three parts: in the migration's transaction (constraints
    added NOT VALID), in an autocommit block (validations, CONCURRENTLY builds), then in the
    transaction Alembic opens after it (what needs those done first)."""

    before: list[str] = field(default_factory=list)
    concurrently: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    validates: bool = False
    builds: bool = False

    def add_not_valid_check(self, table: str, name: str, condition: str) -> None:
        self.before.append(
            f'op.create_check_constraint(op.f("{name}"), "{table}", {condition!r}, '
            "postgresql_not_valid=True)"
        )
        self.concurrently.append(safe_ddl.execute_call(safe_ddl.validate_constraint(table, name)))
        self.validates = True

    def add_index(
        self, table: str, name: str, column_list: str, where: str, *, unique: bool = False
    ) -> None:
        self.concurrently.append(
            f'op.create_index(op.f("{name}"), "{table}", {column_list}, unique={unique}, '
            f"postgresql_concurrently=True{where})"
        )
        self.builds = True

    def describe(self) -> str:
        """What the autocommit block does, for the comment above the steps."""
        kinds = [
            what
            for what, done in (
                ("the constraints added NOT VALID are validated", self.validates),
                ("the indexes are built CONCURRENTLY", self.builds),
            )
            if done
        ]
        return " and ".join(kinds) + ", outside the migration's transaction"

    def code(self) -> str:
        lines = [*self.before]
        if self.concurrently:
            lines += [_AUTOCOMMIT, *(f"    {line}" for line in self.concurrently)]
        lines += self.after
        return "".join(f"    {line}\n" for line in lines)


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
    inner = "".join(
        line if line.lstrip().startswith("#") else f"        {line}\n" for line in lines
    )
    return f'    with op.batch_alter_table("{table}", schema=None) as batch_op:\n{inner}'


def _creating(objects: ColumnObjects, body: str) -> str:
    """`body` of a function that creates `objects`, told which database it runs on if a CHECK
    condition depends on it."""
    return _DIALECT_LINE + body if objects.dialect_specific else body


def _indented(body: str) -> str:
    return "".join(f"    {line}" if line.strip() else line for line in body.splitlines(True))


def _per_dialect(sqlite: str, postgresql: str, why: str) -> str:
    """SQLite's steps (batch mode, as ever) and then PostgreSQL's, which `why` explains."""
    comment = "".join(
        f"    {line}\n"
        for line in textwrap.wrap(why, width=94, initial_indent="# ", subsequent_indent="# ")
    )
    return f"    if not postgresql:\n{_indented(sqlite)}        return\n{comment}{postgresql}"


def _acknowledged(code: str, reason: str, indent: int) -> list[str]:
    return [f"{line}\n" for line in acknowledge.comment([code], reason, indent=indent)]


def with_caution(change: FileChange) -> FileChange:
    """A new migration's change, its status line telling what it acknowledges and why."""
    if change.status != "create" or change.new is None:
        return change
    found = acknowledge.find(change.new.encode("utf-8"))
    notes = [f"{', '.join(ack.codes)} acknowledged: {ack.reason}" for ack in found if ack.codes]
    return replace(change, reason="; ".join(notes)) if notes else change


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
    # Set NOT NULL once the backfill has filled the rows (SQLite: in the table's copy).
    required_after_backfill = backfill is not None and not spec.optional
    sqlite_steps = ""
    if backfill is not None:
        update = f"UPDATE {table} SET {column} = {backfill}"
        upgrade = _block(table, [f"batch_op.add_column({_column(spec, nullable=True)})"])
        upgrade += f"    op.execute({update!r})\n"
        if required_after_backfill:
            sqlite_steps = _block(
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
    sqlite_steps += _block(table, objects.lines(column, create=True))
    if sqlite_steps:
        steps = objects.postgresql_steps(table, column)
        if required_after_backfill:
            # A validated CHECK (col IS NOT NULL) proves what SET NOT NULL would scan for.
            proof = fit_name(f"ck_{table}_{column}_not_null")
            steps.add_not_valid_check(table, proof, f"{quote_column(column)} IS NOT NULL")
            steps.after[:0] = [
                f'op.alter_column("{table}", "{column}", {existing}, nullable=False)',
                f'op.drop_constraint(op.f("{proof}"), "{table}", type_="check")',
            ]
        why = f"PostgreSQL: writes to {table} go on while {steps.describe()}. " + _PARTIAL
        upgrade = _DIALECT_LINE + upgrade + _per_dialect(sqlite_steps, steps.code(), why)
    downgrade = _block(
        table,
        [*objects.lines(column, create=False), f'batch_op.drop_column("{column}")'],
    )
    message = f"add {column} to {table}"
    return _document(message, rev, note, upgrade, downgrade)


def rename_column(
    old: FieldView, new: FieldView, rev: Revision, before: ColumnObjects, after: ColumnObjects
) -> str:
    """Rename the column (its data stays). SQLite drops its objects `before` first and creates
    `after`, named for the new column, once it is renamed; PostgreSQL renames them in place."""
    table = old.table
    reason = _RENAME_REASON.format(table=table, old=old.spec.column)
    why = (
        "PostgreSQL renames the column in place: its indexes and constraints follow it, and "
        f"are renamed for {new.spec.column}."
    )

    def renaming(
        source: FieldSpec,
        target: FieldSpec,
        dropped: ColumnObjects,
        created: ColumnObjects,
        *,
        acknowledged: bool,
    ) -> str:
        args = (
            f'"{source.column}", new_column_name="{target.column}", '
            f"existing_type={_existing_type(source)}, existing_nullable={source.optional}"
        )
        if dropped.empty and created.empty:
            ack = _acknowledged("ML105", reason, indent=8) if acknowledged else []
            return _block(table, [*ack, f"batch_op.alter_column({args})"])
        sqlite = (
            _block(table, dropped.lines(source.column, create=False))
            + _block(table, [f"batch_op.alter_column({args})"])
            + _block(table, created.lines(target.column, create=True))
        )
        postgresql = "".join(_acknowledged("ML105", reason, indent=4)) if acknowledged else ""
        postgresql += f'    op.alter_column("{table}", {args})\n'
        postgresql += "".join(
            f"    {line}\n"
            for line in dropped.renames(created, table, source.column, target.column)
        )
        return _DIALECT_LINE + _per_dialect(sqlite, postgresql, why)

    return _document(
        f"rename {table}.{old.name} to {new.name}",
        rev,
        "The column is renamed: its data stays.",
        renaming(old.spec, new.spec, before, after, acknowledged=True),
        # `migrate lint` reads upgrades only: an acknowledgement in the downgrade is unused.
        renaming(new.spec, old.spec, after, before, acknowledged=False),
    )


def drop_column(view: FieldView, rev: Revision, objects: ColumnObjects) -> str:
    """Drop the column and its `objects`; the downgrade adds them back, the column nullable
    and empty (its data is gone)."""
    spec, table = view.spec, view.table
    reason = _DROP_REASON.format(table=table, column=spec.column)
    upgrade = _block(
        table,
        [
            *objects.lines(spec.column, create=False),
            *_acknowledged("ML107", reason, indent=8),
            f'batch_op.drop_column("{spec.column}")',
        ],
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
