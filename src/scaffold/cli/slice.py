"""`scaffold slice --spec FILE` (backend-scaffolder): a vertical slice from a feature spec."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.output import JSON_HELP, report_outcome, user_errors


def slice_(
    spec: Annotated[Path, typer.Option("--spec", help="The feature spec (markdown).")],
    project: Annotated[
        Path | None, typer.Option(help="Project folder (default: search upwards).")
    ] = None,
    tests: Annotated[bool, typer.Option("--tests/--no-tests", help="Write the tests.")] = True,
    migration: Annotated[
        bool, typer.Option("--migration/--no-migration", help="Write the Alembic migration.")
    ] = True,
    soft_delete: Annotated[
        bool,
        typer.Option("--soft-delete", help="Delete sets deleted_at; queries skip those rows."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show statuses and diffs; write nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files you edited (conflicts).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Generate model, schemas, service, router, tests and migration from a feature spec.

    Everything `scaffold crud` writes, plus app/services/<name>.py (the business logic the
    router calls) with its own tests; field descriptions and the spec's prose go into the docs;
    the list endpoint filters on bool, enum, ref and date fields and searches text with `q`.

    Example: scaffold slice --spec specs/features/tasks.md
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.slice_from_spec(
            spec,
            project=project,
            tests=tests,
            migration=migration,
            soft_delete=soft_delete,
            dry_run=dry_run,
            force=force,
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


def register(app: typer.Typer) -> None:
    app.command("slice")(slice_)
