"""`scaffold model NAME FIELD... [options]` (sqlmodel-schema-builder)."""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.cli.crud import FIELDS_HELP
from scaffold.cli.options import (
    DryRunOption,
    ForceOption,
    JsonOption,
    MigrationOption,
    ProjectOption,
)
from scaffold.cli.output import report_outcome, user_errors


def model(
    name: Annotated[str, typer.Argument(help="Model name, e.g. Tag or OrderLine.")],
    fields: Annotated[
        list[str] | None, typer.Argument(help=FIELDS_HELP, show_default=False)
    ] = None,
    plural: Annotated[str | None, typer.Option(help="Plural (relationship names).")] = None,
    index: Annotated[
        list[str] | None, typer.Option("--index", help="Composite index: --index a,b (repeat).")
    ] = None,
    unique: Annotated[
        list[str] | None,
        typer.Option("--unique", help="Composite unique per owner: --unique a,b (repeat)."),
    ] = None,
    check: Annotated[
        list[str] | None,
        typer.Option("--check", help="Named check constraint: --check 'price >= 0' (repeat)."),
    ] = None,
    soft_delete: Annotated[
        bool, typer.Option("--soft-delete", help="A deleted_at column instead of deleting rows.")
    ] = False,
    many_to_many: Annotated[
        list[str] | None,
        typer.Option("--many-to-many", help="A link table and both relationships (repeat)."),
    ] = None,
    project: ProjectOption = None,
    migration: MigrationOption = True,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Generate a table model with its Create/Update/Read schemas and migration, no endpoints.

    For tables no endpoint exposes, link and lookup tables. ref(Model) fields get both sides
    of the relationship; add :cascade, :set-null or :restrict (default) for ON DELETE.

    Example:

    \b
      scaffold model LineItem 'order:ref(Order):cascade' qty:int --check 'qty > 0'
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.model(
            name,
            list(fields or []),
            project=project,
            plural=plural,
            indexes=index,
            uniques=unique,
            checks=check,
            soft_delete=soft_delete,
            many_to_many=many_to_many,
            migration=migration,
            dry_run=dry_run,
            force=force,
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


def register(app: typer.Typer) -> None:
    app.command("model")(model)
