"""Path globs for excludes and per-path ignores, with gitignore-like meaning.

A pattern without a slash (`.venv`, `*_pb2.py`, `migrations`) matches any single path
component, so it excludes that directory or file wherever it appears. A pattern with a slash
(`app/legacy/*.py`, `**/alembic/versions`) matches the path relative to the project root;
`**` spans directories, `*` and `?` stay within one component, and a pattern that matches a
directory matches everything under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase


@dataclass(frozen=True, slots=True)
class GlobSet:
    """A compiled set of patterns, matched against relative POSIX paths."""

    names: tuple[str, ...]
    paths: re.Pattern[str] | None

    @classmethod
    def compile(cls, patterns: Iterable[str]) -> GlobSet:
        """Split patterns into component names and one regex over relative paths."""
        names: list[str] = []
        regexes: list[str] = []
        for raw in patterns:
            pattern = raw.strip().removeprefix("./").rstrip("/")
            if not pattern:
                continue
            if "/" in pattern:
                regexes.append(_translate(pattern))
            else:
                names.append(pattern)
        paths = re.compile("|".join(f"(?:{r})" for r in regexes)) if regexes else None
        return cls(tuple(names), paths)

    def match_name(self, name: str) -> bool:
        """True when one path component matches a slash-less pattern."""
        return any(fnmatchcase(name, pattern) for pattern in self.names)

    def match_path(self, relative: str) -> bool:
        """True when a relative path (or one of its parent directories) matches a pattern."""
        return bool(self.paths is not None and self.paths.fullmatch(relative))

    def match(self, relative: str) -> bool:
        """True when any component or the whole relative path matches."""
        if self.names and any(self.match_name(part) for part in relative.split("/")):
            return True
        return self.match_path(relative)


def _translate(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
        index += 1
    # A directory pattern covers everything below it.
    return "".join(out) + "(?:/.*)?"
