"""`scaffold destroy NAME`: take out a resource that `crud` or `slice` generated."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from scaffold.cli.options import JsonOption, ProjectOption
from scaffold.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    print_changes,
    print_json,
    user_errors,
)


def destroy(
    name: Annotated[str, typer.Argument(help="The resource to remove, e.g. Product.")],
    project: ProjectOption = None,
    keep_migration: Annotated[
        bool,
        typer.Option(
            "--keep-migration",
            help="Keep the migration file without asking the database whether it is applied.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would go, with diffs; change nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Delete generated files you edited, too.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Remove a generated resource: its files, its router and model registrations.

    A generated file you edited stops the command (exit 1) unless --force. A migration the
    project's database has applied is kept; a drop migration removes the table.

    Example: scaffold destroy Product --dry-run
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.destroy(
            name, project=project, dry_run=dry_run, force=force, keep_migration=keep_migration
        )
    raise typer.Exit(_report(outcome, as_json=as_json))


def _report(outcome: Any, *, as_json: bool) -> int:
    if as_json:
        print_json({"data": outcome.as_dict(with_diff=outcome.dry_run or outcome.blocked)})
        return EXIT_FINDINGS if outcome.blocked else EXIT_OK
    print_changes(outcome.plan.changes, show_diffs=outcome.dry_run)
    if not outcome.blocked:
        for folder in outcome.plan.remove_dirs:
            label = typer.style(f"{'delete':>10}", fg=typer.colors.RED, bold=True)
            typer.echo(f"{label}  {folder}/  (left empty)")
    if outcome.blocked:
        typer.secho(
            f"{len(outcome.plan.conflicts)} file(s) edited since generation: nothing was "
            "removed. Keep the resource, or pass --force to delete your edits too.",
            fg=typer.colors.RED,
            err=True,
        )
        return EXIT_FINDINGS
    if outcome.dry_run:
        typer.echo("dry run: nothing was removed.")
    if outcome.next_steps:
        typer.echo("next: " + " && ".join(outcome.next_steps))
    return EXIT_OK


def register(app: typer.Typer) -> None:
    app.command("destroy")(destroy)
