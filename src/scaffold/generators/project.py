"""backend-scaffolder's base: a new project rendered with copier from templates/project."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from scaffold.errors import ToolError, UserError
from scaffold.manifest import MANIFEST_PATH, Manifest
from scaffold.plan import content_hash
from scaffold.resources import templates_dir

TEMPLATE = "project"


def render_project(destination: Path, project_name: str, description: str | None) -> list[str]:
    """Render the project template into `destination`, which must not exist or be empty.

    Renders into a scratch folder next to it and moves that into place, so a failure leaves
    nothing behind. Returns the relative paths written.
    """
    from copier import run_copy  # heavy: only this command needs it

    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise UserError(
            f"{destination} already exists and is not empty",
            "choose a new folder name (scaffold new only creates projects)",
            code="exists",
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        data = {"project_name": project_name}
        if description:
            data["project_description"] = description
        try:
            run_copy(
                str(templates_dir() / TEMPLATE),
                str(scratch),
                data=data,
                defaults=True,
                quiet=True,
                overwrite=True,
            )
        except Exception as exc:  # copier raises many types; all mean the render failed
            raise ToolError(
                f"copier could not render the project: {exc}", "reinstall scaffold"
            ) from exc
        files = sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if p.is_file())
        manifest = Manifest()
        for rel in files:
            manifest.files[rel] = {
                "sha256": content_hash((scratch / rel).read_text(encoding="utf-8")),
                "generator": "backend-scaffolder",
            }
        (scratch / MANIFEST_PATH).parent.mkdir(parents=True, exist_ok=True)
        (scratch / MANIFEST_PATH).write_text(manifest.render(), encoding="utf-8")
        if destination.exists():
            destination.rmdir()
        os.replace(scratch, destination)
        return [*files, MANIFEST_PATH]
    finally:
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
