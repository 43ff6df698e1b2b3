"""`scaffold migrate ...` (db-migration-wizard): migrations made, checked, tested and linted."""

from __future__ import annotations

import typer

migrate_app = typer.Typer(
    help="Alembic migrations made against a scratch database, checked, tested and linted.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    from scaffold.cli import migrate_db, migrate_lint

    migrate_db.register(migrate_app)
    migrate_lint.register(migrate_app)
    app.add_typer(migrate_app, name="migrate")
