"""Finding the scaffold project a command works on."""

from __future__ import annotations

from pathlib import Path

from scaffold.engine.manifest import MANIFEST_PATH
from scaffold.errors import ProjectError

MARKERS = (MANIFEST_PATH, "app/main.py")


def find_project(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds a scaffold project."""
    here = (start or Path.cwd()).resolve()
    if not here.exists():
        raise ProjectError(f"{here} does not exist", "pass the folder of a scaffold project")
    for folder in (here, *here.parents):
        if all((folder / marker).is_file() for marker in MARKERS):
            return folder
    raise ProjectError(
        f"no scaffold project at {here} or above it (no {MANIFEST_PATH} with app/main.py)",
        "run `scaffold new PATH` to make one, or run this command inside one "
        "(or pass --project PATH)",
    )
