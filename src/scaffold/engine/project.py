"""The scaffold project a command works on, opened the one way every command opens it.

`Project.open` finds the project's root, takes its lock when the command writes, finishes or
undoes an apply a killed command left half done (see `engine.journal`), then loads and
validates the manifest once. Generators plan against the opened project (`root`, `manifest`,
`resources`) and `project.apply(plan)` writes the plan.

A read-only command (a dry run, `migrate check`, `templates diff`) does not take the lock,
unless the project shows signs of a command at work or killed (a lock file, a journal, a
stray temporary file): then it waits for that command, or finishes its work, before it reads.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.engine import journal, writer
from scaffold.engine.lock import ProjectLock
from scaffold.engine.manifest import MANIFEST_PATH, Manifest
from scaffold.errors import ProjectError

if TYPE_CHECKING:
    from scaffold.engine.plan import FileChange, Plan
    from scaffold.model.catalog import ResourceCatalog

MARKERS = (MANIFEST_PATH, "app/main.py")

# The projects this process holds the lock of (a command that calls another in-process, as
# the tests do, must not wait for itself): root -> (lock, depth).
_HELD: dict[Path, tuple[ProjectLock, int]] = {}


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


class Project:
    """An opened project: its root and its manifest, read once.

    Made directly (`Project(root, manifest)`), it is a view to plan against (e.g. with a
    manifest a caller changed) that cannot apply.
    """

    def __init__(self, root: Path, manifest: Manifest, *, command: str = "") -> None:
        self.root = root
        self.manifest = manifest
        self.command = command
        self._writable = False

    @classmethod
    @contextmanager
    def open(
        cls, start: Path | None = None, *, write: bool, command: str = ""
    ) -> Iterator[Project]:
        """Open the project at or above `start` (default: the working directory).

        `write`: the command may apply a plan, so it holds the lock until the block ends.
        `command` (e.g. `crud Product`) names it to a command that waits for it, and in the
        journal of an apply it leaves half done.

        Raises:
            ProjectError: no project there, or its manifest is broken (`bad_manifest`).
            ProjectLocked: another command held the lock longer than SCAFFOLD_LOCK_TIMEOUT.
        """
        root = find_project(start)
        held = root in _HELD
        lock = None
        if held:
            _hold(root)  # nested in a command of this process that holds it already
        elif write or journal.has_leftovers(root):
            lock = _take(root, command, write=write)
        try:
            if lock is not None:
                _recover(root)
                if not write:
                    _release(root)
                    lock = None
            project = cls(root, Manifest.load(root), command=command)
            project._writable = write
            yield project
        finally:
            if held or lock is not None:
                _release(root)

    @cached_property
    def resources(self) -> ResourceCatalog:
        """The recorded resources, parsed once, with their relations resolved."""
        from scaffold.model.catalog import ResourceCatalog

        return ResourceCatalog.from_manifest(self.manifest.resources)

    def with_manifest(self, manifest: Manifest) -> Project:
        """A view of this project with `manifest` in place of its own, to plan against."""
        return Project(self.root, manifest, command=self.command)

    def apply(self, plan: Plan) -> list[FileChange]:
        """Write `plan` all or nothing (see `engine.writer`); the manifest follows it."""
        if not self._writable:
            raise RuntimeError("apply() on a project opened without write=True")
        written = writer.apply(plan, self.manifest, command=self.command)
        self.__dict__.pop("resources", None)  # parsed from the manifest as it was
        return written


def _take(root: Path, command: str, *, write: bool) -> ProjectLock | None:
    try:
        lock = ProjectLock.acquire(root, command)
    except ProjectError:
        if write or (root / journal.JOURNAL_PATH).exists():
            raise
        return None  # a read-only command in a read-only checkout: nothing to finish
    _HELD[root] = (lock, 1)
    return lock


def _hold(root: Path) -> None:
    lock, depth = _HELD[root]
    _HELD[root] = (lock, depth + 1)


def _release(root: Path) -> None:
    lock, depth = _HELD[root]
    if depth > 1:
        _HELD[root] = (lock, depth - 1)
        return
    del _HELD[root]
    lock.release()


def _recover(root: Path) -> None:
    try:
        message = journal.recover(root)
    except OSError as exc:
        raise ProjectError(
            f"an interrupted scaffold command left {journal.JOURNAL_PATH}, and finishing it "
            f"failed ({exc.strerror})",
            "fix the cause (permissions, disk space), then run the command again",
            code="recovery_failed",
        ) from None
    if message:
        sys.stderr.write(f"scaffold: {message}\n")
        sys.stderr.flush()
