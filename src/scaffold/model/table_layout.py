"""The indexes and constraints of a resource's table, derived once from its fields and options.

The model (`__table_args__`), the create-table migration and the migrations of `scaffold field`
all render from this layout, so that they declare the same objects under the same names:
`alembic check` compares the indexes and unique constraints, and the CHECK constraints (which
Alembic does not compare) are dropped and renamed by the names computed here.

Indexes follow the list query, `WHERE user_id = ? [AND filter = ?] ORDER BY id DESC LIMIT n`
(keyset pagination, `id < ?`, reads the same index):

- `(user_id, id)`: the owner's rows in list order.
- a filter column (bool, enum, date, and any `:index` field): `(user_id, column, id)`.
- a ref column: `(column, id)`. A foreign key needs an index that leads with its column (ON
  DELETE looks rows up by it), and the row a reference points at belongs to one user, so the
  rows with one value of the column are that user's: the same index serves the filtered list.
- a `:unique` column needs none: `UNIQUE (user_id, column)` is an index that finds the one
  row a filter on it can match.
- with soft delete every query of the API adds `deleted_at IS NULL`, so the list's indexes
  (not a ref's, which ON DELETE needs for every row) are partial: `WHERE deleted_at IS NULL`.
  `(user_id, deleted_at, id)` would not do: `IS NULL` is no equality to PostgreSQL's planner,
  so it cannot read that index in `id` order and walks the primary key instead.

Names follow the project's naming convention (`app/models/base.py`) and stay within the 63
bytes PostgreSQL keeps of an identifier: longer ones end in a hash of the full name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from scaffold.errors import SpecError
from scaffold.model.spec import python_pattern

if TYPE_CHECKING:
    from scaffold.model.codegen import FieldView
    from scaffold.model.spec import FieldSpec
    from scaffold.model.table_options import TableOptions

MAX_NAME_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1
_HASH_CHARS = 8


def fit_name(name: str) -> str:
    """`name`, or when it is longer than PostgreSQL keeps, its head and a hash of all of it."""
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:_HASH_CHARS]
    head = name.encode()[: MAX_NAME_BYTES - _HASH_CHARS - 1].decode(errors="ignore")
    return f"{head}_{digest}"


def _fit_suffix(prefix: str, suffix: str) -> str:
    """The part after `prefix` of a name the convention builds as prefix + suffix."""
    if len((prefix + suffix).encode()) <= MAX_NAME_BYTES:
        return suffix
    digest = hashlib.sha256((prefix + suffix).encode()).hexdigest()[:_HASH_CHARS]
    room = MAX_NAME_BYTES - len(prefix.encode()) - _HASH_CHARS - 1
    # A table name too long to leave room keeps only the hash; SQLAlchemy then shortens the
    # whole name for PostgreSQL, the same way in the model and in the migration.
    return f"{suffix[:room]}_{digest}" if room > 0 else digest


@cache
def _reserved_words() -> frozenset[str]:
    # Imported here: SQLAlchemy is heavy, and most commands never write a CHECK.
    from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS
    from sqlalchemy.dialects.sqlite.base import SQLiteIdentifierPreparer

    return frozenset(RESERVED_WORDS | SQLiteIdentifierPreparer.reserved_words)


def quote_column(name: str) -> str:
    """A column name as SQL text: quoted when either database reserves the word."""
    return f'"{name}"' if name.lower() in _reserved_words() else name


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class ModelArg:
    """One element of the model's `__table_args__`: its code, and what identifies it there."""

    key: tuple[str, ...]
    code: str


@dataclass(frozen=True)
class Unique:
    """UNIQUE (user_id, *columns): unique per owner."""

    table: str
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return fit_name(f"uq_{self.table}_user_id_{'_'.join(self.columns)}")

    @property
    def _explicit(self) -> bool:
        """Whether the naming convention's name is too long, so the name is given."""
        return self.name != f"uq_{self.table}_user_id_{'_'.join(self.columns)}"

    @property
    def model_arg(self) -> ModelArg:
        args = ", ".join(f'"{c}"' for c in ("user_id", *self.columns))
        name = f', name="{self.name}"' if self._explicit else ""
        return ModelArg(("unique", *self.columns), f"UniqueConstraint({args}{name})")

    @property
    def migration_arg(self) -> str:
        args = ", ".join(f'"{c}"' for c in ("user_id", *self.columns))
        return f'sa.UniqueConstraint({args}, name=op.f("{self.name}"))'


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]
    where: str | None = None  # the condition of a partial index, the same on both databases

    @classmethod
    def of(cls, table: str, columns: tuple[str, ...], where: str | None = None) -> Index:
        return cls(fit_name(f"ix_{table}_{'_'.join(columns)}"), columns, where)

    @property
    def column_list(self) -> str:
        return "[" + ", ".join(f'"{c}"' for c in self.columns) + "]"

    @property
    def where_kwargs(self) -> str:
        """`, sqlite_where=..., postgresql_where=...` for a partial index, else nothing."""
        if self.where is None:
            return ""
        return "".join(f', {d}_where=sa.text("{self.where}")' for d in ("sqlite", "postgresql"))

    @property
    def model_arg(self) -> ModelArg:
        args = ", ".join(f'"{c}"' for c in self.columns)
        return ModelArg(("index", self.name), f'Index("{self.name}", {args}{self.where_kwargs})')


@dataclass(frozen=True)
class Check:
    """A CHECK constraint; `sqlite` and `postgresql` are its condition on each database
    (the same text unless the databases spell it differently)."""

    table: str
    suffix: str  # the name without the ck_<table>_ the naming convention adds
    sqlite: str
    postgresql: str

    @property
    def name(self) -> str:
        return f"ck_{self.table}_{self.suffix}"

    @property
    def portable(self) -> bool:
        return self.sqlite == self.postgresql

    def _per_dialect(self) -> list[tuple[str | None, str]]:
        if self.portable:
            return [(None, self.sqlite)]
        return [("sqlite", self.sqlite), ("postgresql", self.postgresql)]

    @property
    def model_args(self) -> list[ModelArg]:
        return [
            ModelArg(
                ("check", self.suffix, dialect or ""),
                f'CheckConstraint({condition!r}, name="{self.suffix}")'
                + (f'.ddl_if(dialect="{dialect}")' if dialect else ""),
            )
            for dialect, condition in self._per_dialect()
        ]

    @property
    def migration_args(self) -> list[str]:
        return [
            f'sa.CheckConstraint({condition!r}, name=op.f("{self.name}"))'
            + (f'.ddl_if(dialect="{dialect}")' if dialect else "")
            for dialect, condition in self._per_dialect()
        ]

    @property
    def condition_code(self) -> str:
        """The condition as a Python expression of a migration that set `postgresql`."""
        if self.portable:
            return repr(self.sqlite)
        return f"{self.postgresql!r} if postgresql else {self.sqlite!r}"


@dataclass(frozen=True)
class Layout:
    """Unique constraints, indexes and checks, in the order the model declares them."""

    uniques: tuple[Unique, ...] = ()
    indexes: tuple[Index, ...] = ()
    checks: tuple[Check, ...] = ()

    def __add__(self, other: Layout) -> Layout:
        return Layout(
            self.uniques + other.uniques,
            self.indexes + other.indexes,
            self.checks + other.checks,
        )

    @property
    def model_args(self) -> list[ModelArg]:
        args = [u.model_arg for u in self.uniques] + [i.model_arg for i in self.indexes]
        return args + [arg for c in self.checks for arg in c.model_args]

    @property
    def migration_constraints(self) -> list[str]:
        """The constraints inside `op.create_table(...)`."""
        return [u.migration_arg for u in self.uniques] + [
            arg for c in self.checks for arg in c.migration_args
        ]

    @property
    def dialect_specific(self) -> bool:
        return any(not c.portable for c in self.checks)

    def present(self, keys: Collection[tuple[str, ...]]) -> tuple[bool, ...]:
        """For each object (uniques, indexes, checks), whether a model declares it: whether
        `keys` (of that model's `__table_args__`) hold one of its keys."""
        groups: list[list[ModelArg]] = [[u.model_arg] for u in self.uniques]
        groups += [[i.model_arg] for i in self.indexes]
        groups += [c.model_args for c in self.checks]
        return tuple(any(arg.key in keys for arg in group) for group in groups)

    def masked(self, mask: tuple[bool, ...]) -> Layout:
        """The objects whose entry in `mask` (as `present` orders them) is true."""
        u, i = len(self.uniques), len(self.indexes)
        return Layout(
            tuple(x for x, keep in zip(self.uniques, mask[:u], strict=True) if keep),
            tuple(x for x, keep in zip(self.indexes, mask[u : u + i], strict=True) if keep),
            tuple(x for x, keep in zip(self.checks, mask[u + i :], strict=True) if keep),
        )


SOFT_DELETED = "deleted_at IS NULL"  # what the API's queries of a soft-delete table add


def owner_index(table: str, soft_delete: bool) -> Index:
    """The index of the list order: the owner's rows, newest first."""
    return Index.of(table, ("user_id", "id"), SOFT_DELETED if soft_delete else None)


def field_layout(view: FieldView, *, soft_delete: bool) -> Layout:
    """What one field adds to its table: its unique constraint, its index, its checks."""
    spec, column, table = view.spec, view.name, view.table
    uniques = (Unique(table, (column,)),) if spec.unique else ()
    indexes: tuple[Index, ...] = ()
    if spec.type == "ref":
        indexes = (Index.of(table, (column, "id")),)
    elif (view.filterable or spec.index) and not spec.unique:
        where = SOFT_DELETED if soft_delete else None
        indexes = (Index.of(table, ("user_id", column, "id"), where),)
    return Layout(uniques, indexes, field_checks(table, spec))


def table_layout(
    table: str, views: list[FieldView], options: TableOptions, *, soft_delete: bool
) -> Layout:
    """The whole table: per-field objects in field order, then the table options'.

    Raises:
        SpecError: two objects would get the same name (a `--check` written like a field's).
    """
    fields = Layout()
    for view in views:
        fields += field_layout(view, soft_delete=soft_delete)
    prefix = f"ck_{table}_"
    layout = Layout(
        (*fields.uniques, *(Unique(table, cols) for cols in options.uniques)),
        (
            owner_index(table, soft_delete),
            *fields.indexes,
            *(Index.of(table, cols) for cols in options.indexes),
        ),
        (
            *fields.checks,
            *(
                Check(table, _fit_suffix(prefix, c.name), c.expression, c.expression)
                for c in options.checks
            ),
        ),
    )
    names = [u.name for u in layout.uniques] + [i.name for i in layout.indexes]
    names += [c.name for c in layout.checks]
    taken = {name for name in names if names.count(name) > 1}
    if taken:
        raise SpecError(
            f"{table} would have two constraints or indexes named {sorted(taken)[0]}",
            "write the --check differently, or drop the --index/--unique that repeats one",
        )
    return layout


# --- CHECK constraints of a field ------------------------------------------------------------


def field_checks(table: str, spec: FieldSpec) -> tuple[Check, ...]:
    """The checks of `spec`'s column: enum choices, min, max, min_length, pattern.

    NULL passes each of them (SQL's CHECK accepts an unknown result), so they hold for optional
    fields too.
    """
    column = quote_column(spec.column)
    prefix = f"ck_{table}_"
    checks: list[Check] = []

    def add(kind: str, sqlite: str, postgresql: str | None = None) -> None:
        suffix = _fit_suffix(prefix, f"{spec.column}_{kind}")
        checks.append(Check(table, suffix, sqlite, postgresql or sqlite))

    if spec.type == "enum":
        add("enum", f"{column} IN ({', '.join(sql_string(c) for c in spec.choices)})")
    for kind, operator, bound in (("min", ">=", spec.minimum), ("max", "<=", spec.maximum)):
        if bound is not None:
            sqlite, postgresql = _bound_literal(spec.type, bound)
            add(kind, f"{column} {operator} {sqlite}", f"{column} {operator} {postgresql}")
    if spec.min_length is not None:
        add("min_length", f"length({column}) >= {spec.min_length}")
    if spec.pattern is not None:
        # SQLite's REGEXP is the function SQLAlchemy's driver registers on every connection:
        # Python's re.search, whose `$` also matches before a final newline, so it gets the
        # Python spelling of the pattern; PostgreSQL's `~` takes it as written.
        python = sql_string(python_pattern(spec.pattern))
        add("pattern", f"{column} REGEXP {python}", f"{column} ~ {sql_string(spec.pattern)}")
    return tuple(checks)


def _bound_literal(type_name: str, text: str) -> tuple[str, str]:
    """A min/max bound as an SQL literal on (SQLite, PostgreSQL)."""
    if type_name == "int":
        value = str(int(text))
    elif type_name == "float":
        value = repr(float(text))
    elif type_name == "decimal":
        value = format(Decimal(text), "f")
    elif type_name == "date":
        value = sql_string(date.fromisoformat(text).isoformat())
    elif type_name == "datetime":
        moment = datetime.fromisoformat(text).astimezone(UTC)
        # SQLite keeps UTCDateTime values as UTC text in this form, which sorts as time does;
        # PostgreSQL compares a timestamptz with an instant, so its literal carries the offset.
        # isoformat, not strftime: the C library's %Y does not pad years before 1000 to 4 digits.
        stored = moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return sql_string(stored), sql_string(moment.isoformat(sep=" "))
    else:
        raise AssertionError(f"min/max on a {type_name} field")
    return value, value
