"""`scaffold migrate ...` (db-migration-wizard): migrations made, checked, tested and linted."""

from __future__ import annotations

import typer

migrate_app = typer.Typer(
    help="Alembic migrations made against a scratch database, checked, tested and linted.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(migrate_app, name="migrate")
