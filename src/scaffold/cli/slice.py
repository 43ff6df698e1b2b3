"""`scaffold slice --spec FILE` (backend-scaffolder): a vertical slice from a feature spec."""

from __future__ import annotations

from pathlib import Path
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


def slice_(
    spec: Annotated[Path, typer.Option("--spec", help="The feature spec (markdown).")],
    project: ProjectOption = None,
    tests: TestsOption = True,
    migration: MigrationOption = True,
    soft_delete: SoftDeleteOption = False,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    as_json: JsonOption = False,
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
