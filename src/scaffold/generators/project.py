"""backend-scaffolder's base: a new project rendered with copier from templates/project."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.engine.dependencies import install_argv, install_command
from scaffold.engine.manifest import MANIFEST_PATH, Manifest
from scaffold.engine.plan import content_hash
from scaffold.engine.resources import templates_dir
from scaffold.engine.template_snapshot import SNAPSHOT_PATH, TemplateSnapshot
from scaffold.errors import ToolError, UserError

TEMPLATE = "project"
ENV_FILE = ".env"
GENERATOR = "backend-scaffolder"
# 48 random bytes: 64 URL-safe characters, enough for HS256, HS384 and HS512 alike.
SECRET_BYTES = 48
# PEP 508's name: what pip, hatchling and PyPI accept in `[project] name`.
_DISTRIBUTION_NAME = re.compile(r"[A-Z0-9]([A-Z0-9._-]*[A-Z0-9])?", re.IGNORECASE)
# Text the description may hold besides printable characters: it is a paragraph of prose.
_ALLOWED_CONTROLS = {"\n", "\t"}
NOT_TEXT = "not UTF-8 text: not tracked, so neither scaffold's generators nor `upgrade` touch it"


class ProjectNameError(UserError):
    code = "bad_project_name"


class DescriptionError(UserError):
    code = "bad_description"


class CannotCreate(UserError):
    code = "cannot_create"


@dataclass
class NewProject:
    """What `scaffold new` made: the files, and what the project needs installed."""

    root: Path
    files: list[str] = field(default_factory=list)
    # Files written but not tracked in the manifest, with the reason.
    untracked: dict[str, str] = field(default_factory=dict)
    installed: bool = False

    @property
    def install_argv(self) -> list[str]:
        return install_argv(self.root)

    @property
    def install_command(self) -> str:
        return install_command(self.root)

    def as_dict(self) -> dict[str, object]:
        return {
            "root": str(self.root),
            "created": self.files,
            "untracked": self.untracked,
            "install_command": self.install_argv,
            "installed": self.installed,
        }


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


def distribution_name(project_name: str) -> str:
    """The `[project] name` the template writes for `project_name`, checked against PEP 508.

    pyproject.toml.jinja lowers the name and turns spaces into hyphens (so `--name "My Shop"`
    is `my-shop`); what remains must be a name pip can install.

    Raises:
        ProjectNameError: the name cannot become a distribution name.
    """
    candidate = project_name.lower().replace(" ", "-")
    if _DISTRIBUTION_NAME.fullmatch(candidate):
        return candidate
    folded = unicodedata.normalize("NFKD", project_name).encode("ascii", "ignore").decode()
    suggestion = re.sub(r"[^a-z0-9._-]+", "-", folded.lower()).strip("-._") or "my-api"
    raise ProjectNameError(
        f"project name {project_name!r} cannot be a Python distribution name (PEP 508: ASCII "
        "letters, digits, '-', '_', '.' and spaces, starting and ending with a letter or digit)",
        f"pass --name {suggestion}; the folder keeps its name",
    )


def check_description(description: str) -> None:
    """The description is prose: printable text, newlines and tabs.

    Raises:
        DescriptionError: it holds a control character or bytes that are not UTF-8.
    """
    for char in description:
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise DescriptionError(
                "the description holds bytes that are not UTF-8 text",
                "pass the description as UTF-8 text",
            )
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            raise DescriptionError(
                f"the description holds the control character U+{ord(char):04X}",
                "remove it (newlines and tabs are fine)",
            )


def _refuse_existing(destination: Path) -> None:
    try:
        occupied = destination.exists() and (not destination.is_dir() or any(destination.iterdir()))
    except OSError as exc:
        raise _cannot_create(destination, exc) from None
    if occupied:
        raise UserError(
            f"{destination} already exists and is not empty",
            "choose a new folder name (scaffold new only creates projects)",
            code="exists",
        )


def _cannot_create(destination: Path, exc: OSError) -> CannotCreate:
    # Name the path that failed when it is a folder above the project (one scaffold had to
    # make); inside the project it would be a scratch name that means nothing to the user.
    culprit = Path(str(exc.filename)) if exc.filename else destination
    where = f" ({culprit})" if culprit in destination.parents else ""
    return CannotCreate(
        f"cannot create {destination}: {exc.strerror or exc}{where}",
        "choose a folder you can write to",
    )


def _current_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _apply_umask(root: Path, umask: int) -> None:
    """Give every folder and file the mode a new one gets here.

    mkdtemp makes the scratch folder private (0700) and copier copies the installed
    template's modes; the project should look like anything else the user creates.
    """
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o777 & ~umask)
        elif path.name != ENV_FILE:
            executable = path.stat().st_mode & stat.S_IXUSR
            path.chmod((0o777 if executable else 0o666) & ~umask)


def _missing_parents(destination: Path) -> list[Path]:
    """The folders above `destination` that do not exist yet, innermost first."""
    missing = []
    parent = destination.parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    if not parent.is_dir():
        raise CannotCreate(
            f"cannot create {destination}: {parent} is not a folder",
            "choose a path under a folder",
        )
    return missing


def render_project(
    destination: Path,
    project_name: str,
    description: str | None,
    *,
    template_root: Path | None = None,
) -> NewProject:
    """Render the project template into `destination`, which must not exist or be empty.

    Renders into a scratch folder next to it and moves that into place, so a failure leaves
    nothing behind. A copy of the template's source goes into `.scaffold/project-template.json`
    so that `scaffold upgrade` can later merge template improvements. A `.env` with a random
    `JWT_SECRET` is written too; it is the project's, not the template's, so the manifest does
    not record it and `scaffold upgrade` never touches it. `template_root` replaces the bundled
    template (tests use an older copy).

    Raises:
        UserError: a name or description the project cannot carry, or a destination that
            exists or cannot be written; nothing is written then.
    """
    distribution_name(project_name)
    if description is not None:
        check_description(description)
    _refuse_existing(destination)
    created_parents = _missing_parents(destination)
    template_root = template_root or bundled_template()
    scratch: Path | None = None
    done = False
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
        project = _render_into(scratch, destination, project_name, description, template_root)
        existing_mode = destination.stat().st_mode if destination.is_dir() else None
        _apply_umask(scratch, _current_umask())
        if existing_mode is not None:  # an empty folder the user made: keep its mode
            scratch.chmod(stat.S_IMODE(existing_mode))
            destination.rmdir()
        os.replace(scratch, destination)
        done = True
        return project
    except OSError as exc:
        raise _cannot_create(destination, exc) from None
    finally:
        if not done:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
            for parent in created_parents:  # innermost first; only the ones we made
                try:
                    parent.rmdir()
                except OSError:
                    break


def _render_into(
    scratch: Path,
    destination: Path,
    project_name: str,
    description: str | None,
    template_root: Path,
) -> NewProject:
    from copier import run_copy  # heavy: only this command needs it

    data = {"project_name": project_name}
    if description is not None:
        data["project_description"] = description
    try:
        run_copy(
            str(template_root), str(scratch), data=data, defaults=True, quiet=True, overwrite=True
        )
    except OSError:
        raise
    except Exception as exc:  # copier raises many types; all mean the render failed
        raise ToolError(
            f"copier could not render the project: {exc}", "reinstall scaffold"
        ) from exc
    project = NewProject(destination)
    files = sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if p.is_file())
    manifest = Manifest()
    for rel in files:
        try:
            text = (scratch / rel).read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            project.untracked[rel] = NOT_TEXT
            continue
        manifest.files[rel] = {"sha256": content_hash(text), "generator": GENERATOR}
    (scratch / MANIFEST_PATH).parent.mkdir(parents=True, exist_ok=True)
    (scratch / MANIFEST_PATH).write_text(manifest.render(), encoding="utf-8")
    snapshot = TemplateSnapshot.read_template(template_root)
    (scratch / SNAPSHOT_PATH).write_text(snapshot.render(), encoding="utf-8")
    project.files = [*files, MANIFEST_PATH, SNAPSHOT_PATH]
    if ENV_FILE not in files:
        env_path = scratch / ENV_FILE
        env_path.touch(mode=0o600)  # a secret: readable by its owner only
        env_path.write_text(env_file_text(), encoding="utf-8")
        project.files.append(ENV_FILE)
    return project


def install_dependencies(project: NewProject) -> None:
    """Install the project, editable with its dev extra, into the Python scaffold runs in.

    pip's own output goes to stderr, so that `--json` keeps stdout to one document.

    Raises:
        ToolError: pip is missing there, or the install failed.
    """
    import importlib.util

    if importlib.util.find_spec("pip") is None:
        raise ToolError(
            f"pip is not installed in {sys.executable}, so the project's dependencies cannot "
            "be installed there",
            f"run `{sys.executable} -m ensurepip`, then `{project.install_command}`",
        )
    completed = subprocess.run(project.install_argv, stdout=2, check=False)  # 2: stderr
    if completed.returncode != 0:
        raise ToolError(
            f"installing {project.root}'s dependencies failed (pip exit status "
            f"{completed.returncode}; the project itself was created)",
            f"fix what pip reported above, then run `{project.install_command}`",
        )
    project.installed = True
