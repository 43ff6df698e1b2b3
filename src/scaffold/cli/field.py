"""`scaffold field add|rename|remove MODEL ...`: change one field of a generated resource."""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.cli.crud import FIELD_FORM
from scaffold.cli.options import (
    DryRunOption,
    ForceOption,
    JsonOption,
    MigrationOption,
    ProjectOption,
    refuse_together,
)
from scaffold.cli.output import report_outcome, user_errors

field_app = typer.Typer(
    help="Add, rename or remove a field of a generated resource (with its migration).",
    no_args_is_help=True,
)

Model = Annotated[str, typer.Argument(help="The resource, e.g. Product.")]


@field_app.command("add")
def add(
    model: Model,
    field: Annotated[str, typer.Argument(help=f"The field as {FIELD_FORM}, quoted as in crud.")],
    backfill: Annotated[
        str | None,
        typer.Option(help="SQL expression that fills the new column of the existing rows."),
    ] = None,
    project: ProjectOption = None,
    migration: MigrationOption = True,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Add a field: model, schemas, router and tests, and a migration that adds the column.

    A required field needs a default (used for the rows the table already holds) or
    --backfill with an SQL expression.

    Example: scaffold field add Product 'weight:float?'
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        refuse_together(
            f"--backfill {backfill}" if backfill is not None else None,
            "--no-migration" if not migration else None,
            "the backfill goes into the migration: drop --no-migration, or --backfill",
        )
        outcome = api.field_add(
            model,
            field,
            project=project,
            backfill=backfill,
            migration=migration,
            dry_run=dry_run,
            force=force,
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


@field_app.command("rename")
def rename(
    model: Model,
    old: Annotated[str, typer.Argument(help="The field's current name.")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
    project: ProjectOption = None,
    migration: MigrationOption = True,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Rename a field everywhere; the migration renames the column, so no data is lost.

    Example: scaffold field rename Product notes description
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.field_rename(
            model,
            old,
            new,
            project=project,
            migration=migration,
            dry_run=dry_run,
            force=force,
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


@field_app.command("remove")
def remove(
    model: Model,
    name: Annotated[str, typer.Argument(help="The field to remove.")],
    allow_destructive: Annotated[
        bool,
        typer.Option("--allow-destructive", help="Drop the column and the data in it (required)."),
    ] = False,
    project: ProjectOption = None,
    migration: MigrationOption = True,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Remove a field everywhere; the migration drops the column and its data.

    Example: scaffold field remove Product notes --allow-destructive
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.field_remove(
            model,
            name,
            project=project,
            allow_destructive=allow_destructive,
            migration=migration,
            dry_run=dry_run,
            force=force,
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


def register(app: typer.Typer) -> None:
    app.add_typer(field_app, name="field")
