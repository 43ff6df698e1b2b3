"""`scaffold templates eject|diff|list`: generator templates a team can own."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from scaffold.cli.options import DryRunOption, JsonOption, ProjectOption
from scaffold.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    print_json,
    report_outcome,
    user_errors,
)

app = typer.Typer(
    name="templates",
    help=(
        "Generator templates a team can own: copies in .scaffold/templates/ win over the "
        "built-in ones, file by file.\n\nExample: scaffold templates eject crud-builder"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

SkillArg = Annotated[
    str | None,
    typer.Argument(help="A generator skill, e.g. crud-builder (default: all).", show_default=False),
]

_LABELS = {
    "identical": "identical",
    "modified": "modified",
    "builtin-only": "built-in",
    "project-only": "yours only",
}


@app.command("eject")
def eject(
    skill: SkillArg = None,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only these files of the skill, e.g. router.py.jinja.", show_default=False
        ),
    ] = None,
    project: ProjectOption = None,
    dry_run: DryRunOption = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite copies that differ from the built-in.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Copy built-in templates into .scaffold/templates/, where they win over the built-ins.

    The copies are yours from then on: edit them, and delete the ones you do not change so
    that they keep following the built-in. `scaffold templates diff` shows how they differ.

    Example: scaffold templates eject crud-builder router.py.jinja
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.eject_templates(
            skill, list(files or []), project=project, dry_run=dry_run, force=force
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


@app.command("diff")
def diff(
    skill: SkillArg = None, project: ProjectOption = None, as_json: JsonOption = False
) -> None:
    """Show how the project's template copies differ from the installed built-in ones.

    Exit 0 when every copy is identical (or there are none), 1 when some differ or have no
    built-in counterpart, like `git diff --exit-code`.

    Example: scaffold templates diff crud-builder
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        report = api.compare_templates(skill, project=project)
    code = EXIT_FINDINGS if report.differs else EXIT_OK
    if as_json:
        print_json({"data": report.as_dict(with_diff=True)})
        raise typer.Exit(code)
    _print_versions(report)
    copies = [f for f in report.files if f.override is not None]
    for item in copies:
        _print_file(item)
        if item.diff:
            typer.echo(item.diff, nl=not item.diff.endswith("\n"))
    # Fallbacks matter only next to copies: a skill with none simply uses its built-ins.
    with_copies = {f.skill for f in copies}
    fallbacks = [f for f in report.files if f.override is None and f.skill in with_copies]
    if fallbacks:
        names = ", ".join(f.template for f in fallbacks)
        typer.echo(f"no copy (the built-in is used): {names}")
    for warning in report.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)
    if not copies:
        typer.echo("no overrides: every template is the built-in one.")
    elif not report.differs:
        typer.echo("every copy is identical to the built-in.")
    raise typer.Exit(code)


@app.command("list")
def list_(
    skill: SkillArg = None, project: ProjectOption = None, as_json: JsonOption = False
) -> None:
    """List the generator templates and where each resolves from: override or built-in.

    Example: scaffold templates list
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        report = api.compare_templates(skill, project=project)
    if as_json:
        print_json({"data": report.as_dict(with_diff=False)})
        return
    _print_versions(report)
    for item in report.files:
        where = item.override if item.override is not None else item.builtin
        label = typer.style(f"{item.resolves_to:>9}", bold=True)
        typer.echo(f"{label}  {item.template}  ({where})")
    for warning in report.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


def _print_versions(report: Any) -> None:
    from scaffold import __version__

    for skill, versions in report.ejected_from.items():
        typer.echo(
            f"{skill}: ejected from scaffold {', '.join(versions)} (installed: {__version__})"
        )


def _print_file(item: Any) -> None:
    color = typer.colors.BLUE if item.status == "identical" else typer.colors.YELLOW
    label = typer.style(f"{_LABELS[item.status]:>10}", fg=color, bold=True)
    note = f"  ({item.note})" if item.note else ""
    typer.echo(f"{label}  {item.template}{note}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="templates")
