"""Names resolved across a project's modules, from per-file facts.

Each file contributes a small, JSON-able dictionary of facts computed from its own AST (and
cached by its content): the names it defines (`names`: name -> kind) and its imports
(`imports`: local name -> dotted target, relative targets keeping their leading dots). Checkers
add facts of their own under other keys. The index turns a dotted reference written in one file
(`store.MemoryStore`, `get_state`, `.db.engine`) into the module and name it denotes, following
imports, package `__init__` re-exports and submodules.

Modules are found the way Python would find them from a project's usual entry points: a
relative import from the importing file's package, an absolute one from the importing file's
folder or any folder above it up to the project root. That covers packages with and without
`__init__.py`, `src/` layouts and apps run from a subfolder (`backend/app/...` imported as
`app...`), without knowing the project's `sys.path`.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Facts = dict[str, Any]
# Reads one file of the project that the run did not check (an imported module) and returns
# its facts, or None when it cannot be read or parsed.
Loader = Callable[[str], Facts | None]

_MAX_DEPTH = 12
_TEST_PARTS = frozenset({"tests", "test", "testing"})


@dataclass(frozen=True, slots=True)
class Symbol:
    """A name defined in a module (`name` empty for the module itself), then attributes."""

    path: str
    name: str
    rest: tuple[str, ...] = ()


class ProjectIndex:
    """Facts of a project's modules by POSIX path relative to the root, resolved on demand."""

    def __init__(
        self,
        root: Path,
        facts: dict[str, Facts],
        load: Loader | None = None,
        others: Callable[[], list[str]] | None = None,
    ) -> None:
        self.root = root
        self._facts: dict[str, Facts | None] = dict(facts)
        self._load = load
        self._others = others
        self._test_texts: dict[str, bytes] | None = None  # not yet read, by path
        self._folders: dict[str, frozenset[str]] = {}
        # Every folder holding a known module, namespace packages (no `__init__.py`) included.
        self._known_folders = {
            path[:end] for path in facts for end in range(len(path)) if path[end] == "/"
        }
        self._lookups: dict[tuple[str, str], Symbol | None] = {}
        self._imports: dict[tuple[str, str, tuple[str, ...]], Symbol | None] = {}
        self.memo: dict[str, Any] = {}

    @property
    def paths(self) -> list[str]:
        """Every module whose facts are known so far (checked files and loaded imports)."""
        return [path for path, facts in self._facts.items() if facts is not None]

    def add_tests(self, name: str) -> bool:
        """Read the test modules the run left out that mention `name`; False if none did.

        Asked for when a question is about callers: a helper the tests call is not state.
        A test module that does not contain the name cannot call it, so it is not parsed.
        """
        if self._others is None:
            return False
        if self._test_texts is None:
            self._test_texts = {}
            for path in self._others():
                if is_test_path(path) and path not in self._facts:
                    try:
                        self._test_texts[path] = (self.root / path).read_bytes()
                    except OSError:
                        continue
        needle = name.encode("utf-8")
        added = False
        for path, text in list(self._test_texts.items()):
            if needle in text:
                del self._test_texts[path]
                self.facts(path)
                added = True
        return added

    def facts(self, path: str) -> Facts:
        """The facts of one module (empty when it cannot be read)."""
        if path not in self._facts:
            self._facts[path] = self._load(path) if self._load is not None else None
        return self._facts[path] or {}

    def lookup(self, importer: str, ref: str, depth: int = 0) -> Symbol | None:
        """What a dotted reference written in `importer` denotes, or None (outside the project).

        `ref` is written as in the source, before import expansion: `MemoryStore`,
        `stores.MemoryStore`, `app.stores.MemoryStore` after `import app.stores`.
        """
        key = (importer, ref)
        if key in self._lookups:
            return self._lookups[key]
        self._lookups[key] = None  # a cycle of re-exports resolves to nothing
        found = self._lookup(importer, ref, depth)
        self._lookups[key] = found
        return found

    def _lookup(self, importer: str, ref: str, depth: int) -> Symbol | None:
        if depth > _MAX_DEPTH or not ref:
            return None
        parts = ref.split(".")
        facts = self.facts(importer)
        target = facts.get("imports", {}).get(parts[0])
        if target is not None:
            return self.resolve_import(importer, target, tuple(parts[1:]), depth + 1)
        if parts[0] in facts.get("names", {}):
            return Symbol(importer, parts[0], tuple(parts[1:]))
        return None

    def resolve_import(
        self, importer: str, target: str, rest: tuple[str, ...] = (), depth: int = 0
    ) -> Symbol | None:
        """The symbol an import target (`app.db.engine`, `.db.engine`) denotes from `importer`."""
        if depth > _MAX_DEPTH:
            return None
        # What an import denotes depends on the importer's folder only.
        key = (posixpath.dirname(importer), target, rest)
        if key in self._imports:
            return self._imports[key]
        self._imports[key] = None
        found = self._resolve_import(importer, target, rest, depth)
        self._imports[key] = found
        return found

    def _resolve_import(
        self, importer: str, target: str, rest: tuple[str, ...], depth: int
    ) -> Symbol | None:
        stripped = target.lstrip(".")
        level = len(target) - len(stripped)
        parts = tuple(stripped.split(".")) if stripped else ()
        if level:
            base = posixpath.dirname(importer)
            for _ in range(level - 1):
                base = posixpath.dirname(base)
            candidates: Iterator[str] = iter((base,))
            lowest = 0
        else:
            candidates = self._ancestors(importer)
            lowest = 1
        first = parts[0] if parts else ""
        for folder in candidates:
            if not level and not self._holds(folder, first):
                continue  # `app.x` cannot be found from a folder without `app`
            for count in range(len(parts), lowest - 1, -1):
                module = self._module_file(folder, parts[:count])
                if module is not None:
                    return self._symbol_in(module, (*parts[count:], *rest), depth)
        return None

    def _symbol_in(self, module: str, parts: tuple[str, ...], depth: int) -> Symbol | None:
        if not parts:
            return Symbol(module, "")
        facts = self.facts(module)
        name = parts[0]
        if name in facts.get("names", {}):
            return Symbol(module, name, parts[1:])
        target = facts.get("imports", {}).get(name)
        if target is not None:
            return self.resolve_import(module, target, parts[1:], depth + 1)
        if posixpath.basename(module) == "__init__.py":
            submodule = self._module_file(posixpath.dirname(module), (name,))
            if submodule is not None:
                return self._symbol_in(submodule, parts[1:], depth + 1)
        return None

    def _ancestors(self, importer: str) -> Iterator[str]:
        """The importer's folder and those above it, each followed by its `src/` if any.

        Tests next to a `src/` layout import the package as installed (`from pkg import x`
        from `tests/`), which is `src/pkg` seen from the project root.
        """
        folder = posixpath.dirname(importer)
        while True:
            yield folder
            if "src" in self._listing(folder) or self._holds(folder, "src"):
                yield f"{folder}/src" if folder else "src"
            if not folder:
                return
            folder = posixpath.dirname(folder)

    def _holds(self, folder: str, name: str) -> bool:
        """Whether `folder` has a module or package called `name` (known or on disk)."""
        prefix = f"{folder}/{name}" if folder else name
        if f"{prefix}.py" in self._facts or prefix in self._known_folders:
            return True
        entries = self._listing(folder)
        return name in entries or f"{name}.py" in entries

    def _module_file(self, folder: str, parts: tuple[str, ...]) -> str | None:
        inner = "/".join(parts)
        stem = f"{folder}/{inner}" if folder and inner else folder or inner
        candidates = (f"{stem}.py", f"{stem}/__init__.py") if stem else ("__init__.py",)
        for candidate in candidates:
            if self._is_file(candidate):
                return candidate
        return None

    def _is_file(self, path: str) -> bool:
        if self._facts.get(path) is not None:
            return True
        if self._load is None:
            return False
        folder, _, name = path.rpartition("/")
        return name in self._listing(folder)

    def _listing(self, folder: str) -> frozenset[str]:
        """The entries of a project folder (one listing per folder and run; none if missing)."""
        entries = self._folders.get(folder)
        if entries is None and self._load is None:
            entries = frozenset()  # a project held in memory: nothing on disk belongs to it
        if entries is None:
            parent, _, name = folder.rpartition("/")
            if folder and name not in self._listing(parent):
                entries = frozenset()  # its parent does not hold it: nothing to list
            else:
                try:
                    entries = frozenset(os.listdir(self.root / folder))
                except OSError:
                    entries = frozenset()
            self._folders[folder] = entries
        return entries


def is_test_path(path: str) -> bool:
    """True for test modules: under a `tests/` folder, `test_*.py`, `*_test.py`, `conftest.py`."""
    parts = path.split("/")
    name = parts[-1]
    if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
        return True
    return any(part in _TEST_PARTS for part in parts[:-1])
