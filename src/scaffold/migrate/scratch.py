"""Scratch databases: where `migrate make|check|test` upgrade, compare and round-trip.

The user's own database is never opened. By default the scratch database is a SQLite file in a
temporary folder; with `--db URL` (PostgreSQL) a database `scaffold_scratch_<random>` is
created on that server and dropped afterwards (`WITH (FORCE)`), whatever happened in between.

`check_url` runs in scaffold's process (no SQLAlchemy import); `scratch_engine` runs in the
runner subprocess, next to the project's code.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from scaffold.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import Engine

CONNECT_TIMEOUT_SECONDS = 5
_POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg")


class ScratchDatabaseError(UserError):
    """The server named by `--db` cannot be reached, or refuses a scratch database."""

    code = "database_unreachable"


def check_url(url: str | None) -> str | None:
    """Validate `--db`; return the PostgreSQL server URL (None: a scratch SQLite file).

    Raises:
        UserError: the scheme is neither sqlite nor postgresql.
    """
    if url is None or url.strip() in {"", "sqlite", "sqlite://"}:
        return None
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme == "sqlite":
        return None  # always a fresh temporary file: the user's own SQLite file is never used
    if scheme in _POSTGRES_SCHEMES and urlsplit(url).hostname:
        return url
    raise UserError(
        f"--db {masked(url)} is not a PostgreSQL server URL",
        "pass --db postgresql://USER@HOST:PORT/DBNAME (a scratch database is created on that "
        "server and dropped), or leave --db out for a scratch SQLite file",
        code="bad_database_url",
    )


def masked(url: str) -> str:
    """`url` with its password hidden, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _psycopg_conninfo(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"postgresql://{rest}" if scheme.lower() in _POSTGRES_SCHEMES else url


def _sqlalchemy_url(conninfo: str) -> str:
    return "postgresql+psycopg://" + conninfo.partition("://")[2]


@contextmanager
def scratch_engine(server_url: str | None) -> Iterator[tuple[Engine, str]]:
    """An engine on a new, empty scratch database, and its URL; the database is removed after.

    Raises:
        ScratchDatabaseError: the PostgreSQL server cannot be reached or refuses CREATE DATABASE.
    """
    if server_url is None:
        with tempfile.TemporaryDirectory(prefix="scaffold-scratch-") as folder:
            url = f"sqlite:///{Path(folder) / 'scratch.db'}"
            engine = sqlite_engine(url)
            try:
                yield engine, url
            finally:
                engine.dispose()
        return
    yield from _postgres_scratch(server_url)


def _postgres_scratch(server_url: str) -> Iterator[tuple[Engine, str]]:
    import psycopg
    import sqlalchemy as sa

    conninfo = _psycopg_conninfo(server_url)
    name = f"scaffold_scratch_{secrets.token_hex(6)}"
    try:
        with psycopg.connect(
            conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
        ) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise _unreachable(server_url, exc) from None
    scratch_url = urlunsplit(urlsplit(conninfo)._replace(path=f"/{name}"))
    engine = sa.create_engine(_sqlalchemy_url(scratch_url), poolclass=sa.NullPool)
    try:
        yield engine, scratch_url
    finally:
        engine.dispose()
        try:
            with psycopg.connect(
                conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
            ) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.Error:
            pass  # the server went away mid-run: nothing left to clean that we can reach


def _unreachable(url: str, exc: Exception) -> ScratchDatabaseError:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reason = lines[-1] if lines else type(exc).__name__
    return ScratchDatabaseError(
        f"cannot create a scratch database on {masked(url)}: {reason[:200]}",
        "start the server, or check the URL, the user's CREATEDB right and the password; or "
        "leave --db out to use a scratch SQLite file",
    )


def sqlite_engine(url: str) -> Engine:
    """A SQLite engine set up as the generated project's `app/db.py` sets it up: foreign keys
    on and real transactions (so DDL rolls back and batch mode behaves as it will there)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.NullPool)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
