"""The project's dependencies, seen from the Python that scaffold runs in.

scaffold runs the project's own code in its own interpreter (the migrate commands import
`app.models` and run `alembic/env.py`), so the project's dependencies have to be installed
where scaffold is: scaffold belongs in the project's venv.
"""

from __future__ import annotations

import re
import shlex
import sys
import tomllib
from pathlib import Path
from typing import Any

from scaffold.errors import UserError

# Import names that differ from the distribution that provides them.
_DISTRIBUTION_OF_MODULE = {"jwt": "pyjwt", "yaml": "pyyaml", "dateutil": "python-dateutil"}
_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


class MissingDependency(UserError):
    code = "missing_dependency"


def install_argv(root: Path) -> list[str]:
    """The command that installs the project (editable, with its dev extra) where scaffold runs."""
    return [sys.executable, "-m", "pip", "install", "-e", f"{root}[dev]"]


def install_command(root: Path) -> str:
    """`install_argv` as a line to paste into a shell."""
    return shlex.join(install_argv(root))


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(root: Path) -> list[str]:
    try:
        data: dict[str, Any] = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    project = data.get("project")
    if not isinstance(project, dict):
        return []
    found = list(project.get("dependencies") or [])
    for extra in (project.get("optional-dependencies") or {}).values():
        found.extend(extra or [])
    return [str(requirement).strip() for requirement in found]


def requirement_for_module(root: Path, module: str) -> str | None:
    """The requirement in the project's pyproject.toml that provides the import `module`."""
    top = module.split(".")[0]
    wanted = normalize(_DISTRIBUTION_OF_MODULE.get(top, top))
    for requirement in _requirements(root):
        match = _REQUIREMENT_NAME.match(requirement)
        if match and normalize(match[1]) == wanted:
            return requirement
    return None


def is_project_module(root: Path, module: str) -> bool:
    """Whether `module` is the project's own code (a missing one is a bug, not a dependency)."""
    top = module.split(".")[0]
    return (root / top).is_dir() or (root / f"{top}.py").is_file()


def missing_dependency(root: Path, module: str) -> MissingDependency:
    """The error for an import of `module` that failed because nothing installed provides it."""
    requirement = requirement_for_module(root, module)
    what = (
        f"the project's dependency {requirement!r}"
        if requirement
        else f"{module.split('.')[0]!r}, which the project imports,"
    )
    return MissingDependency(
        f"{what} is not installed in {sys.executable}, the Python scaffold runs the project with",
        f"install the project's dependencies there: {install_command(root)} (scaffold belongs "
        "in the project's venv)",
    )
