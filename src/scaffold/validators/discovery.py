"""Which files a run checks: the given paths, walked, minus excludes.

A path named on the command line is always checked, even if an exclude pattern matches it
(unless `force_exclude`, which pre-commit needs because it names every staged file). Files
found by walking a directory are matched against the excludes: slash-less patterns against
each component below the directory that was named, patterns with a slash against the path
relative to the project root.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import UserError
from scaffold.validators.globs import GlobSet

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to check: its absolute path, the path shown to users, and the one globs see."""

    path: Path
    display: str
    relative: str


def discover(
    paths: Sequence[Path],
    *,
    root: Path,
    exclude: Iterable[str],
    force_exclude: bool = False,
    cwd: Path | None = None,
) -> list[SourceFile]:
    """List the Python files under `paths`, sorted, without duplicates.

    Raises:
        UserError: A path does not exist.
    """
    here = (cwd or Path.cwd()).resolve()
    globs = GlobSet.compile(exclude)
    seen: set[Path] = set()
    files: list[SourceFile] = []
    for given in paths:
        absolute = (here / given).resolve() if not given.is_absolute() else given.resolve()
        if not absolute.exists():
            raise UserError(
                f"path not found: {given}",
                "pass existing files or directories (default: the project root)",
                code="bad_path",
            )
        if absolute.is_file():
            if force_exclude and globs.match(_relative(absolute, root)):
                continue
            candidates: Iterable[Path] = [absolute]
        else:
            candidates = _walk(absolute, globs, root)
        for path in candidates:
            if path in seen:
                continue
            seen.add(path)
            files.append(SourceFile(path, _display(path, here), _relative(path, root)))
    files.sort(key=lambda source: source.display)
    return files


def _walk(directory: Path, globs: GlobSet, root: Path) -> Iterable[Path]:
    for current, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(
            name
            for name in dirnames
            if not globs.match_name(name)
            and not globs.match_path(_relative(Path(current, name), root))
        )
        for name in sorted(filenames):
            if not name.endswith(PYTHON_SUFFIXES) or globs.match_name(name):
                continue
            path = Path(current, name)
            if not globs.match_path(_relative(path, root)):
                yield path


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix().lstrip("/")


def _display(path: Path, here: Path) -> str:
    try:
        return path.relative_to(here).as_posix()
    except ValueError:
        return path.as_posix()
