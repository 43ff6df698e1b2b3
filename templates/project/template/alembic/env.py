"""Alembic environment: the database URL comes from the app's settings, the schema from SQLModel.

A caller (the test suite, `scaffold migrate`) may hand over an open connection in
`config.attributes["connection"]`; then that connection is used and nothing else is opened.
"""

from logging.config import fileConfig

from sqlalchemy import Connection
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers every table on SQLModel.metadata)
from alembic import context
from app.core.config import get_settings
from app.db import make_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name)

target_metadata = SQLModel.metadata


def _configure(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    # Batch mode rebuilds a SQLite table (copy, drop, rename); with foreign keys enforced, the
    # drop fails while other rows point at the table. The pragma only takes effect outside a
    # transaction, so it is set on the driver connection before Alembic begins one.
    toggle_keys = sqlite and not connection.in_transaction()
    if toggle_keys:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place: batch mode copies the table instead.
        render_as_batch=sqlite,
        compare_type=True,
        compare_server_default=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if toggle_keys:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def run_migrations_offline() -> None:
    url = get_settings().sqlalchemy_database_url
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    shared = config.attributes.get("connection")
    if isinstance(shared, Connection):
        _configure(shared)
        return
    engine = make_engine(get_settings().sqlalchemy_database_url)
    try:
        with engine.connect() as connection:
            _configure(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
