"""`scaffold crud NAME FIELD...` (crud-builder)."""

from __future__ import annotations

from pathlib import Path

import typer

from scaffold.cli.output import JSON_HELP, report_outcome, user_errors

FIELDS_HELP = (
    "Fields as name:type[(args)][:unique][:index][?][=default]. Types: str[(n)], text, int, "
    "float, bool, decimal(p,s), date, datetime, uuid, json, enum(a|b), ref(Model)."
)


def crud(
    name: str = typer.Argument(..., help="Resource name, e.g. Product or OrderItem."),
    fields: list[str] = typer.Argument(None, help=FIELDS_HELP, show_default=False),
    plural: str | None = typer.Option(None, help="Plural for routes and tables' docs."),
    project: Path | None = typer.Option(None, help="Project folder (default: search upwards)."),
    tests: bool = typer.Option(True, "--tests/--no-tests", help="Generate tests/test_<name>.py."),
    migration: bool = typer.Option(
        True, "--migration/--no-migration", help="Generate the Alembic migration."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show statuses and diffs; write nothing."),
    force: bool = typer.Option(False, "--force", help="Overwrite files you edited (conflicts)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Generate an authenticated CRUD resource: model, schemas, router, tests, migration.

    Example: scaffold crud Product name:str(120) price:decimal(10,2) stock:int=0 sku:str:unique
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.crud(
            name,
            list(fields or []),
            project=project,
            plural=plural,
            tests=tests,
            migration=migration,
            dry_run=dry_run,
            force=force,
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


def register(app: typer.Typer) -> None:
    app.command("crud")(crud)
