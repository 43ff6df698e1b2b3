"""`scaffold crud NAME FIELD...` (crud-builder)."""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.cli.options import (
    DryRunOption,
    ForceOption,
    JsonOption,
    MigrationOption,
    ProjectOption,
    SoftDeleteOption,
    TestsOption,
)
from scaffold.cli.output import report_outcome, user_errors

FIELD_FORM = "name:type[(args)][:modifier...][?][=default]"
FIELDS_HELP = (
    f"Fields as {FIELD_FORM}. Types: str[(n)], text, int, float, bool, decimal(p,s), date, "
    "datetime, uuid, json, enum(a|b), ref(Model). Modifiers: :unique, :index, :min(V), "
    ":max(V), :min_length(N), :pattern(REGEX); for refs :cascade, :set-null, :restrict. Quote "
    "a field in single quotes when it holds ( ) | ? * [ { or spaces."
)


def crud(
    name: Annotated[str, typer.Argument(help="Resource name, e.g. Product or OrderItem.")],
    fields: Annotated[
        list[str] | None, typer.Argument(help=FIELDS_HELP, show_default=False)
    ] = None,
    plural: Annotated[
        str | None, typer.Option(help="Plural for routes (default: English).")
    ] = None,
    project: ProjectOption = None,
    tests: TestsOption = True,
    migration: MigrationOption = True,
    soft_delete: SoftDeleteOption = False,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Generate an authenticated CRUD resource: model, schemas, router, tests, migration.

    Example:

    \b
      scaffold crud Product 'name:str(120)' 'price:decimal(10,2)' stock:int=0 sku:str:unique
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
            soft_delete=soft_delete,
            dry_run=dry_run,
            force=force,
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


def register(app: typer.Typer) -> None:
    app.command("crud")(crud)
