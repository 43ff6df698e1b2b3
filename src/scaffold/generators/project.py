"""backend-scaffolder's base: a new project rendered with copier from templates/project."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path

from scaffold.engine.manifest import MANIFEST_PATH, Manifest
from scaffold.engine.plan import content_hash
from scaffold.engine.resources import templates_dir
from scaffold.engine.template_snapshot import SNAPSHOT_PATH, TemplateSnapshot
from scaffold.errors import ToolError, UserError

TEMPLATE = "project"
ENV_FILE = ".env"
# 48 random bytes: 64 URL-safe characters, enough for HS256, HS384 and HS512 alike.
SECRET_BYTES = 48


def env_file_text() -> str:
    """A new project's `.env`: its own random JWT_SECRET, so the app starts and tokens verify."""
    return (
        "# This project's local settings (app/core/config.py reads them); .env.example lists\n"
        "# them all. Keep this file out of git (.gitignore does): the secret is this project's.\n"
        f"JWT_SECRET={secrets.token_urlsafe(SECRET_BYTES)}\n"
    )


def bundled_template() -> Path:
    """The project template that ships with this scaffold."""
    return templates_dir() / TEMPLATE


def render_project(
    destination: Path,
    project_name: str,
    description: str | None,
    *,
    template_root: Path | None = None,
) -> list[str]:
    """Render the project template into `destination`, which must not exist or be empty.

    Renders into a scratch folder next to it and moves that into place, so a failure leaves
    nothing behind. A copy of the template's source goes into `.scaffold/project-template.json`
    so that `scaffold upgrade` can later merge template improvements. A `.env` with a random
    `JWT_SECRET` is written too; it is the project's, not the template's, so the manifest does
    not record it and `scaffold upgrade` never touches it. `template_root` replaces the bundled
    template (tests use an older copy). Returns the relative paths written.
    """
    from copier import run_copy  # heavy: only this command needs it

    template_root = template_root or bundled_template()

    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise UserError(
            f"{destination} already exists and is not empty",
            "choose a new folder name (scaffold new only creates projects)",
            code="exists",
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    # mkdtemp makes the folder private (0700); the project gets the usual mode for a new folder.
    umask = os.umask(0)
    os.umask(umask)
    scratch.chmod(0o777 & ~umask)
    try:
        data = {"project_name": project_name}
        if description:
            data["project_description"] = description
        try:
            run_copy(
                str(template_root),
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
        snapshot = TemplateSnapshot.read_template(template_root).render()
        (scratch / SNAPSHOT_PATH).write_text(snapshot, encoding="utf-8")
        written = [*files, MANIFEST_PATH, SNAPSHOT_PATH]
        if ENV_FILE not in files:
            env_path = scratch / ENV_FILE
            env_path.touch(mode=0o600)  # a secret: readable by its owner only
            env_path.write_text(env_file_text(), encoding="utf-8")
            written.append(ENV_FILE)
        if destination.exists():
            destination.rmdir()
        os.replace(scratch, destination)
        return written
    finally:
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
