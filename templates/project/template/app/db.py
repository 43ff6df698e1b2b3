"""The database engine, and one session and one transaction per request."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import Engine, event
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session, create_engine

from app.core.config import get_settings
from app.core.errors import ConflictError, InvalidInputError


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets foreign keys and real transactions (SAVEPOINT works).

    (SQLAlchemy's SQLite driver registers the REGEXP function that CHECK constraints use.)
    """
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, **kwargs)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


engine = make_engine(get_settings().sqlalchemy_database_url)


def request_transaction(session: Session) -> Iterator[Session]:
    """Commit once when the route returns; roll back everything when it raises.

    Services only flush, so one request can group several writes into one business operation.
    """
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield from request_transaction(session)


# scope="function": the commit runs before the response is sent, so a failed commit is the
# answer (409/422), not a 2xx for a change that was lost.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


@contextmanager
def savepoint(session: Session, conflict: str) -> Iterator[None]:
    """Run the block's writes in a SAVEPOINT, flushed at its end; undo only the block on error.

    A unique or foreign key violation becomes ConflictError(`conflict`), a value the database
    refuses InvalidInputError, and the request's transaction stays usable either way.
    """
    try:
        with session.begin_nested():
            yield
    except IntegrityError:
        raise ConflictError(conflict) from None
    except DataError:
        raise InvalidInputError("A value does not fit what the database can store") from None
