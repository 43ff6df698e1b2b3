"""`scaffold new PATH`: a project laid out as the backend guidelines say."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.options import JsonOption
from scaffold.cli.output import print_json, user_errors


def new(
    path: Annotated[Path, typer.Argument(help="Folder to create (must not exist, or be empty).")],
    name: Annotated[
        str | None,
        typer.Option(
            help="Project name, also its distribution name in pyproject.toml (lowered, spaces "
            "as '-'), so ASCII letters, digits, '-', '_', '.' and spaces (default: the folder)."
        ),
    ] = None,
    description: Annotated[str | None, typer.Option(help="One line describing the API.")] = None,
    install: Annotated[
        bool,
        typer.Option(
            "--install",
            help="Then install the project (editable, with its dev extra) into the Python "
            "scaffold runs in, where its migrate commands import it.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Create a FastAPI + SQLModel project that runs and passes its tests on SQLite.

    Example: scaffold new shop --install && cd shop && pytest
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        project = api.new_project(path, name=name, description=description, install=install)
    if as_json:
        print_json({"data": project.as_dict()})
        return
    for rel in project.files:
        reason = f"  ({project.untracked[rel]})" if rel in project.untracked else ""
        typer.echo(f"{typer.style('    create', fg=typer.colors.GREEN, bold=True)}  {rel}{reason}")
    cd = f"cd {shlex.quote(str(path))}"
    if project.installed:
        typer.echo(f"installed the project's dependencies into {sys.executable}")
        typer.echo(f"next: {cd} && pytest")
        return
    # The migrate commands import the project's models in scaffold's own Python.
    typer.echo(
        f"note: scaffold runs the project's code with {sys.executable}, so the project's "
        "dependencies go there: scaffold belongs in the project's venv (`new --install` does it)"
    )
    typer.echo(f"next: {project.install_command} && {cd} && pytest")


def register(app: typer.Typer) -> None:
    app.command("new")(new)
