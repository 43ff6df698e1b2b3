"""Which files a run checks: the given paths, walked, minus excludes.

A path named on the command line is always checked, even if an exclude pattern matches it
(unless `force_exclude`, which pre-commit needs because it names every staged file). Files
found by walking a directory are matched against the excludes: slash-less patterns against
each file and directory name below the directory that was named, patterns with a slash against
the path relative to the project root.

Discovery runs on every invocation, cached or not, so it works on plain strings: pathlib
objects for a thousand files cost more than checking them when results are cached.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import UserError
from scaffold.validators.globs import GlobSet

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to check: its absolute path, the path shown to users, and the one globs see."""

    path: str
    display: str
    relative: str


class _Relativizer:
    """Turns absolute paths into POSIX paths relative to a base directory, by prefix."""

    def __init__(self, base: Path) -> None:
        self.prefix = str(base).rstrip(os.sep) + os.sep

    def __call__(self, path: str) -> str | None:
        if path.startswith(self.prefix):
            relative = path[len(self.prefix) :]
            return relative.replace(os.sep, "/") if os.sep != "/" else relative
        return None


def discover(
    paths: Sequence[Path],
    *,
    root: Path,
    exclude: Iterable[str],
    force_exclude: bool = False,
    cwd: Path | None = None,
) -> list[SourceFile]:
    """List the Python files under `paths`, sorted by displayed path, without duplicates.

    Raises:
        UserError: A path does not exist.
    """
    here = (cwd or Path.cwd()).resolve()
    globs = GlobSet.compile(exclude)
    to_root = _Relativizer(root.resolve())
    to_here = _Relativizer(here)
    seen: set[str] = set()
    files: list[SourceFile] = []
    for given in paths:
        absolute = given if given.is_absolute() else here / given
        absolute = absolute.resolve()
        if not absolute.exists():
            raise UserError(
                f"path not found: {given}",
                "pass existing files or directories (default: the project root)",
                code="bad_path",
            )
        if absolute.is_file():
            relative = to_root(str(absolute)) or absolute.as_posix().lstrip("/")
            if force_exclude and globs.match(relative):
                continue
            candidates: Iterable[str] = [str(absolute)]
        else:
            candidates = _walk(str(absolute), globs, to_root)
        for path in candidates:
            if path in seen:
                continue
            seen.add(path)
            relative = to_root(path) or path.replace(os.sep, "/").lstrip("/")
            display = to_here(path) or path.replace(os.sep, "/")
            files.append(SourceFile(path, display, relative))
    files.sort(key=lambda source: source.display)
    return files


def _walk(directory: str, globs: GlobSet, to_root: _Relativizer) -> Iterator[str]:
    # Path patterns need the root-relative path; skip computing it when there are none.
    check_paths = globs.paths is not None
    for current, dirnames, filenames in os.walk(directory):
        kept = []
        for name in dirnames:
            if globs.match_name(name):
                continue
            if check_paths:
                full = os.path.join(current, name)
                if globs.match_path(to_root(full) or full.lstrip("/")):
                    continue
            kept.append(name)
        kept.sort()
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.endswith(PYTHON_SUFFIXES) or globs.match_name(name):
                continue
            full = os.path.join(current, name)
            if check_paths and globs.match_path(to_root(full) or full.lstrip("/")):
                continue
            yield full
