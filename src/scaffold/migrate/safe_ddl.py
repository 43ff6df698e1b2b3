"""The PostgreSQL statements of the safe sequences that Alembic has no operation for.

`scaffold field` and `scaffold migrate make` write them into migrations as `op.execute(...)`:
validating a constraint added `NOT VALID`, turning a unique index built `CONCURRENTLY` into a
constraint, and renaming an index or a constraint in place. Names are written as PostgreSQL
keeps them: quoted where the word needs it, and shortened as SQLAlchemy shortens a name longer
than 63 bytes when it creates the object, so that the statement finds it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

_PIECE = 64  # characters of SQL per string literal in op.execute(...)


def execute_call(sql: str) -> str:
    """`op.execute(...)` of `sql` as code, in pieces short enough for ruff format to keep each
    on a line within a project's line length (it joins them again where they fit)."""
    pieces: list[str] = []
    for word in sql.split(" "):
        if pieces and len(pieces[-1]) + len(word) < _PIECE:
            pieces[-1] += f" {word}"
        else:
            pieces.append(word)
    parts = [f"{piece} " for piece in pieces[:-1]] + pieces[-1:]
    return f"op.execute({' '.join(repr(part) for part in parts)})"


@cache
def _preparer() -> Any:
    # Imported here: SQLAlchemy is heavy, and most commands never write these statements.
    from sqlalchemy.dialects import postgresql

    return postgresql.dialect().identifier_preparer  # type: ignore[no-untyped-call]


def table(name: str) -> str:
    """A table name as SQL text."""
    return str(_preparer().quote(name))


def constraint(name: str) -> str:
    """A constraint (or index) name as SQL text, shortened as SQLAlchemy creates it."""
    from sqlalchemy.sql.elements import conv

    return str(_preparer().truncate_and_render_constraint_name(conv(name)))


def index(name: str) -> str:
    """An index name as SQL text, shortened as SQLAlchemy creates it."""
    from sqlalchemy.sql.elements import conv

    return str(_preparer().truncate_and_render_index_name(conv(name)))


def validate_constraint(table_name: str, name: str) -> str:
    """Check the rows against a constraint added NOT VALID (a lock that lets writes go on)."""
    return f"ALTER TABLE {table(table_name)} VALIDATE CONSTRAINT {constraint(name)}"


def unique_using_index(table_name: str, name: str) -> str:
    """Make the unique index `name` (built concurrently) the table's unique constraint `name`."""
    return (
        f"ALTER TABLE {table(table_name)} ADD CONSTRAINT {constraint(name)} "
        f"UNIQUE USING INDEX {index(name)}"
    )


def rename_index(old: str, new: str) -> str:
    return f"ALTER INDEX {index(old)} RENAME TO {index(new)}"


def rename_constraint(table_name: str, old: str, new: str) -> str:
    """Rename a constraint (a unique constraint's index is renamed with it)."""
    return (
        f"ALTER TABLE {table(table_name)} RENAME CONSTRAINT {constraint(old)} TO {constraint(new)}"
    )
