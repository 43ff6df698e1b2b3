"""Test fixtures: a migrated database, a session per test rolled back, tokens for two users.

The tests never read DATABASE_URL, so they never touch the development database: they run on
the database TEST_DATABASE_URL names (migrated to head first; give them one of their own), or
on a fresh SQLite file in a temporary folder. They sign tokens with a secret of their own.
"""

import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# Before the app is imported, since it reads its settings once: what the tests run with,
# whatever .env says. The app's own engine points at the test database too.
os.environ["DATABASE_URL"] = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
os.environ["JWT_SECRET"] = secrets.token_urlsafe(48)
os.environ["AUTH_MODE"] = "jwt"
os.environ["ENVIRONMENT"] = "test"
os.environ["DOCS_ENABLED"] = "true"

import jwt
import pytest
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from alembic import command
from app.core.config import PROJECT_ROOT, get_settings
from app.db import get_session, make_engine, request_transaction
from app.main import app

USER_ID = "user-1"
OTHER_USER_ID = "user-2"

TokenFactory = Callable[..., str]


def _test_database_url(tmp_dir: Path) -> str:
    if os.environ.get("TEST_DATABASE_URL"):
        return get_settings().sqlalchemy_database_url  # TEST_DATABASE_URL, with its driver
    return f"sqlite:///{tmp_dir / 'test.db'}"


def migrate_to_head(engine: Engine) -> None:
    """Run the project's Alembic migrations on `engine` (the schema under test is theirs)."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["configure_logger"] = False
    # Not in a transaction yet: env.py begins and commits its own (and on SQLite turns foreign
    # keys off around it, which only works outside one).
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


@pytest.fixture(scope="session")
def db_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(_test_database_url(tmp_path_factory.mktemp("db")))
    migrate_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test.

    The app's own commits become SAVEPOINT releases, so nothing a test writes survives it.
    """
    with db_engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as db_session:
            yield db_session
        transaction.rollback()


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    """The app, its requests in the test's session: each commits or rolls back as in production
    (app/db.py), which here releases or rolls back a SAVEPOINT of the test's transaction."""

    def request_session() -> Iterator[Session]:
        yield from request_transaction(session)

    app.dependency_overrides[get_session] = request_session
    with TestClient(app) as test_client:
        yield test_client
    app.dependency_overrides.clear()


@pytest.fixture
def make_token() -> TokenFactory:
    """Sign a token the way the app verifies it by default (AUTH_MODE=jwt)."""

    def factory(
        sub: str | None = USER_ID,
        *,
        expires_in: timedelta = timedelta(minutes=15),
        secret: str | None = None,
        algorithm: str | None = None,
        **claims: Any,
    ) -> str:
        settings = get_settings()
        payload: dict[str, Any] = {"exp": datetime.now(UTC) + expires_in, **claims}
        if sub is not None:
            payload["sub"] = sub
        return jwt.encode(
            payload,
            secret if secret is not None else settings.JWT_SECRET,
            algorithm=algorithm or settings.JWT_ALGORITHM,
        )

    return factory


@pytest.fixture
def auth_headers(make_token: TokenFactory) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(USER_ID)}"}


@pytest.fixture
def other_auth_headers(make_token: TokenFactory) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(OTHER_USER_ID)}"}
