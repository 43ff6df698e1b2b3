"""`scaffold new PATH`: a project laid out as the backend guidelines say."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.options import JsonOption
from scaffold.cli.output import print_json, user_errors


def new(
    path: Annotated[Path, typer.Argument(help="Folder to create (must not exist, or be empty).")],
    name: Annotated[str | None, typer.Option(help="Project name (default: the folder).")] = None,
    description: Annotated[str | None, typer.Option(help="One line describing the API.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a FastAPI + SQLModel project that runs and passes its tests on SQLite.

    Example: scaffold new shop && cd shop && pytest
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        files = api.new_project(path, name=name, description=description)
    if as_json:
        print_json({"data": {"root": str(path.resolve()), "created": files}})
        return
    for rel in files:
        typer.echo(f"{typer.style('    create', fg=typer.colors.GREEN, bold=True)}  {rel}")
    typer.echo(f"next: cd {path} && pip install -e '.[dev]' && pytest")


def register(app: typer.Typer) -> None:
    app.command("new")(new)
