"""The project's database as its settings name it, read without importing the project's app.

`destroy` asks it which migrations are applied. The URL is found the way the generated
`app/core/config.py` finds it: `DATABASE_URL` from the environment, else from the project's
`.env`, else the SQLite file `app.db` in the project root. A database that does not exist yet
(no SQLite file, no `alembic_version` table) has nothing applied; one that cannot be read is an
error, never a guess.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from scaffold.errors import UserError

SETTING = "DATABASE_URL"
DEFAULT_SQLITE_FILE = "app.db"
CONNECT_TIMEOUT_SECONDS = 5


class DatabaseUnreadable(UserError):
    """The project's database exists (or may exist) but could not be read."""

    code = "database_unreadable"


def dotenv_value(path: Path, key: str) -> str | None:
    """The value of `key` in a dotenv file (the subset of the format settings files use)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    found: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.removeprefix("export ").partition("=")
        if name.strip().upper() != key:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].strip()
        found = value  # as in python-dotenv, the last assignment wins
    return found


def database_url(root: Path, environ: Mapping[str, str] | None = None) -> str:
    """The URL the project's settings would use, before the driver is chosen."""
    env = os.environ if environ is None else environ
    # pydantic-settings matches environment names case-insensitively by default.
    for name, value in env.items():
        if name.upper() == SETTING:
            return value
    from_file = dotenv_value(root / ".env", SETTING)
    if from_file is not None:
        return from_file
    return f"sqlite:///{root / DEFAULT_SQLITE_FILE}"


def sqlalchemy_url(url: str) -> str:
    """`postgres://` and `postgresql://` are driven by psycopg 3, as in the project."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_path(url: str, root: Path) -> Path | None:
    """The file of a SQLite URL (relative paths are relative to the project), None in memory."""
    _, _, rest = url.partition(":///")
    database = rest.split("?", 1)[0]
    if not database or database == ":memory:":
        return None
    path = Path(database)
    return path if path.is_absolute() else root / path


def _masked(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    netloc, slash, path = rest.partition("/")
    credentials, at, host = netloc.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}{slash}{path}"


def current_revisions(root: Path, environ: Mapping[str, str] | None = None) -> set[str]:
    """The revisions in the project database's `alembic_version` table (empty: none applied).

    Raises:
        DatabaseUnreadable: the database could not be reached or read.
    """
    url = sqlalchemy_url(database_url(root, environ))
    sqlite_file: Path | None = None
    if url.split("://", 1)[0].split("+", 1)[0] == "sqlite":
        sqlite_file = _sqlite_path(url, root)
        if sqlite_file is None or not sqlite_file.exists():
            return set()  # the database does not exist yet, so nothing is applied
    try:
        import sqlalchemy as sa
    except ImportError:
        raise _unreadable(url, "SQLAlchemy is not installed where scaffold runs") from None
    try:
        if sqlite_file is not None:
            # Read-only, and never creates the file.
            uri = f"{sqlite_file.resolve().as_uri()}?mode=ro"
            engine = sa.create_engine(
                "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=sa.NullPool
            )
        else:
            parsed = sa.engine.make_url(url)
            connect_args = (
                {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
                if parsed.get_backend_name() == "postgresql"
                else {}
            )
            engine = sa.create_engine(url, connect_args=connect_args, poolclass=sa.NullPool)
        try:
            with engine.connect() as connection:
                if not sa.inspect(connection).has_table("alembic_version"):
                    return set()
                rows = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
                return {str(row[0]) for row in rows}
        finally:
            engine.dispose()
    except (sa.exc.SQLAlchemyError, ImportError, ValueError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise _unreadable(url, reason[0] if reason else type(exc).__name__) from None


def _unreadable(url: str, reason: str) -> DatabaseUnreadable:
    return DatabaseUnreadable(
        f"cannot read the project's database {_masked(url)} to tell whether the migration is "
        f"applied: {reason[:200]}",
        "start the database or point DATABASE_URL at it; or pass --keep-migration to keep the "
        "migration file without asking the database",
    )


def applied_revisions(
    root: Path, graph: Mapping[str, tuple[str, ...]], environ: Mapping[str, str] | None = None
) -> set[str]:
    """Every revision applied to the project's database: its current ones and their ancestors.

    Raises:
        DatabaseUnreadable: the database could not be read, or it is at a revision that is not
            in `graph` (then what is applied cannot be told).
    """
    current = current_revisions(root, environ)
    unknown = sorted(current - set(graph))
    if unknown:
        raise DatabaseUnreadable(
            f"the project's database is at revision {', '.join(unknown)}, which is not in "
            "alembic/versions, so scaffold cannot tell which migrations it has applied",
            "restore the missing migration, or pass --keep-migration to keep the migration file",
        )
    applied: set[str] = set()
    pending = list(current)
    while pending:
        revision = pending.pop()
        if revision not in applied:
            applied.add(revision)
            pending.extend(graph.get(revision, ()))
    return applied
