"""Where the built-in templates and skills live: inside the wheel, or at the repo top level."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the scaffold package


def _data_dir(name: str) -> Path:
    # A wheel carries them inside the package (see pyproject's force-include); an editable
    # install or a source checkout finds them at the repository's top level.
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"scaffold's {name}/ folder is missing from this installation")


def templates_dir() -> Path:
    return _data_dir("templates")


def skills_dir() -> Path:
    return _data_dir("skills")
