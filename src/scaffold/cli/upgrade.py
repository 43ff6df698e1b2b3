"""`scaffold upgrade`: carry project-template improvements into a project (backend-scaffolder)."""

from __future__ import annotations

from typing import Any

import typer

from scaffold.cli.options import DryRunOption, JsonOption, ProjectOption
from scaffold.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    print_changes,
    print_json,
    user_errors,
)


def upgrade(
    project: ProjectOption = None,
    dry_run: DryRunOption = False,
    as_json: JsonOption = False,
) -> None:
    """Merge the improvements of scaffold's project template into this project.

    A three-way merge (`copier update`) of the template the project was made from, your
    project, and the installed template: your edits survive; where an edit collides with the
    template's change, both versions are kept between `<<<<<<< before updating` and
    `>>>>>>> after updating` markers and the command exits 1. In a git repository the files it
    changes must be committed first. Files the template dropped are deleted only if unedited.

    Example: scaffold upgrade --dry-run && scaffold upgrade && pytest
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.upgrade(project, dry_run=dry_run)
    raise typer.Exit(_report(outcome, as_json=as_json))


def _report(outcome: Any, *, as_json: bool) -> int:
    code = EXIT_FINDINGS if outcome.merge_conflicts else EXIT_OK
    if as_json:
        print_json({"data": outcome.as_dict(with_diff=outcome.dry_run)})
        return code
    if not outcome.plan.changes:
        typer.echo(f"up to date: the project has scaffold {outcome.to_version}'s template.")
        return EXIT_OK
    typer.echo(f"template: scaffold {outcome.from_version} -> {outcome.to_version}")
    print_changes(outcome.plan.changes, show_diffs=outcome.dry_run)
    if outcome.merge_conflicts:
        verb = "would have" if outcome.dry_run else "have"
        typer.secho(
            f"{len(outcome.merge_conflicts)} file(s) {verb} merge conflicts: "
            f"{', '.join(outcome.merge_conflicts)}. Your version and the template's are both "
            "kept between `<<<<<<< before updating` and `>>>>>>> after updating`; "
            "edit them by hand, then run pytest.",
            fg=typer.colors.RED,
            err=True,
        )
    if outcome.dry_run:
        typer.echo("dry run: nothing was written.")
    elif not outcome.merge_conflicts:
        typer.echo("next: " + " && ".join(outcome.next_steps))
    return code


def register(app: typer.Typer) -> None:
    app.command("upgrade")(upgrade)
