"""The journal of an apply: what it is about to change, and what undoes it.

`.scaffold/journal.json` is written twice by an apply, each time atomically:

1. `prepared`, before anything else is created: it names every temporary file, backup and new
   folder the apply is about to make, so that whatever a kill leaves behind is known;
2. `committed`, once every new content sits fsynced in its temporary file beside its target
   and every file to update or delete has its backup (a hard link, else a copy, under
   `.scaffold/journal/`): from here on the apply only renames and deletes.

Recovery (`recover`, run by `Project.open`) follows one rule: a `committed` journal whose every
rename can still be made (the temporary file exists) or has been made (the target holds the new
content) is rolled FORWARD; anything else (a `prepared` journal, or a committed one that
something outside scaffold disturbed) is rolled BACK from the backups. Either way the tree is
exactly the before- or the after-state, and the journal, backups and temporary files are gone.

What is fsynced, and why no more: the temporary files' contents, the backup folder and the
committed journal (so that a journal that survives a power loss never names a backup or a
content that did not), then the folders of the renames (before the journal goes). A temporary
file whose name was lost with the power is a rename that can be neither made nor told made: the
rule rolls back, from backups that are durable. The prepared journal only has to survive a
kill; after a power loss, the sweep for stray temporary files does its work.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from scaffold.errors import ProjectError

JOURNAL_PATH = ".scaffold/journal.json"
BACKUP_DIR = ".scaffold/journal"
TEMP_MARK = ".scaffold-"  # temporary files are `.<name>.scaffold-<random>.tmp`
TEMP_SUFFIX = ".tmp"
FORMAT_VERSION = 1
# Folders no scaffold command writes into: not searched for stray temporary files.
_UNSEARCHED = frozenset(
    {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", ".tox", ".nox"}
)  # fmt: skip

State = Literal["prepared", "committed"]


# --- durable file primitives -------------------------------------------------------------------


def temp_path(target: str) -> str:
    """A fresh temporary name beside `target` (both relative, with forward slashes)."""
    folder, _, name = target.rpartition("/")
    temp = f".{name}{TEMP_MARK}{os.urandom(4).hex()}{TEMP_SUFFIX}"
    return f"{folder}/{temp}" if folder else temp


def is_temp_name(name: str) -> bool:
    return name.startswith(".") and TEMP_MARK in name and name.endswith(TEMP_SUFFIX)


def write_new_file(path: Path, data: bytes, mode: int | None, *, durable: bool = True) -> None:
    """Create `path` (it must not exist) holding `data`, fsynced when `durable`; `mode` None
    honors the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make the entries of folder `path` (renames, new files) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(
    path: Path, data: bytes, mode: int | None = None, *, durable: bool = True
) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, rename it over `path`, fsync
    the folder: a reader (or a crash) sees the old file or the new one, never half of one.
    Not `durable`: the same without the fsyncs (atomic for readers and kills, not power loss)."""
    temp = path.parent / temp_path(path.name)
    try:
        write_new_file(temp, data, mode, durable=durable)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# --- the journal --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rename:
    """A temporary file to move over `path`; `backup` holds the old file (None: `path` is new)."""

    path: str
    temp: str
    sha256: str  # of the new content, to tell a rename already made
    backup: str | None


@dataclass(frozen=True)
class Deletion:
    path: str
    backup: str


@dataclass
class Journal:
    """One apply's changes, in the order they are made (renames, then deletions)."""

    command: str
    renames: list[Rename] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)
    new_dirs: list[str] = field(default_factory=list)  # shallowest first
    remove_dirs: list[str] = field(default_factory=list)  # deepest first, if left empty
    state: State = "prepared"
    pid: int = field(default_factory=os.getpid)
    started: str = field(
        default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    )

    def save(self, root: Path) -> None:
        document = {"version": FORMAT_VERSION, **asdict(self)}
        data = (json.dumps(document, indent=2) + "\n").encode()
        # Only the committed journal must outlive a power loss (see the module docstring).
        replace_durably(root / JOURNAL_PATH, data, durable=self.state == "committed")

    @classmethod
    def load(cls, root: Path) -> Journal | None:
        path = root / JOURNAL_PATH
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _unreadable(f"cannot be read ({exc.strerror})") from None
        try:
            data: Any = json.loads(text)
            if data.pop("version") != FORMAT_VERSION or data["state"] not in (
                "prepared",
                "committed",
            ):
                raise ValueError(data["state"])
            renames = [Rename(**entry) for entry in data.pop("renames")]
            deletions = [Deletion(**entry) for entry in data.pop("deletions")]
            return cls(renames=renames, deletions=deletions, **data)
        except (ValueError, KeyError, TypeError, AttributeError):
            raise _unreadable("is not a journal this scaffold can read") from None

    def can_finish(self, root: Path) -> bool:
        """Every rename can still be made, or already was (the target holds the new content)."""
        return self.state == "committed" and all(
            (root / r.temp).exists() or file_sha256(root / r.path) == r.sha256 for r in self.renames
        )

    def roll_forward(self, root: Path) -> None:
        """Make the renames and deletions not made yet, then discard the journal."""
        for rename in self.renames:
            if (root / rename.temp).exists():
                os.replace(root / rename.temp, root / rename.path)
        for deletion in self.deletions:
            (root / deletion.path).unlink(missing_ok=True)
        for folder in self.remove_dirs:
            remove_if_empty(root / folder)
        self._sync(root)
        self.discard(root)

    def roll_back(self, root: Path) -> None:
        """Put back every file as it was before the apply, then discard the journal."""
        for deletion in reversed(self.deletions):
            backup, target = root / deletion.backup, root / deletion.path
            if os.path.lexists(backup) and not os.path.lexists(target):
                os.replace(backup, target)
        for rename in reversed(self.renames):
            target = root / rename.path
            _unlink_if_there(root / rename.temp)
            if rename.backup is not None:
                backup = root / rename.backup
                if os.path.lexists(backup):
                    os.replace(backup, target)
            elif self.state == "committed" and file_sha256(target) == rename.sha256:
                target.unlink()  # a file this apply created
        for folder in reversed(self.new_dirs):
            with contextlib.suppress(OSError):  # not made yet, or not empty: not ours alone
                (root / folder).rmdir()
        self._sync(root)
        self.discard(root)

    def discard(self, root: Path) -> None:
        """Remove the backups, then the journal (so a journal never names a missing backup
        that a roll-back would need)."""
        shutil.rmtree(root / BACKUP_DIR, ignore_errors=True)
        # Not fsynced: a journal that comes back after a power loss names renames all made,
        # and is rolled forward to the same tree.
        (root / JOURNAL_PATH).unlink(missing_ok=True)

    def _sync(self, root: Path) -> None:
        folders = {(root / r.path).parent for r in self.renames}
        folders |= {(root / d.path).parent for d in self.deletions}
        for folder in folders:
            if folder.is_dir():
                fsync_dir(folder)


def _unlink_if_there(path: Path) -> None:
    """Remove a file that may never have been made, where its name may not even be possible
    (a file in place of its folder, a name too long): the failures that made the undo needed."""
    try:
        path.unlink()
    except OSError as exc:
        if exc.errno not in {errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG}:
            raise


def _unreadable(why: str) -> ProjectError:
    return ProjectError(
        f"{JOURNAL_PATH} (an interrupted scaffold command's record) {why}",
        f"if no scaffold command is running, restore the project from version control and "
        f"delete {JOURNAL_PATH} and {BACKUP_DIR}/",
        code="bad_journal",
    )


def remove_if_empty(folder: Path) -> None:
    """Remove a folder a deletion emptied; a `__pycache__` in it does not count. Best effort:
    an empty folder harms nothing."""
    try:
        entries = list(folder.iterdir())
        if any(entry.name != "__pycache__" for entry in entries):
            return
        for entry in entries:
            shutil.rmtree(entry)
        folder.rmdir()
    except OSError:
        return


# --- recovery -----------------------------------------------------------------------------------


def has_leftovers(root: Path) -> bool:
    """Cheap test for a read-only command: might an apply be running, or have been killed?"""
    scaffold_dir = (root / JOURNAL_PATH).parent
    if (root / JOURNAL_PATH).exists() or (root / BACKUP_DIR).exists():
        return True
    if (scaffold_dir / "lock").exists():
        return True
    try:
        return any(is_temp_name(name) for name in os.listdir(scaffold_dir))
    except OSError:
        return False


def recover(root: Path) -> str | None:
    """Finish or undo an interrupted apply and remove its leftovers; the caller holds the lock.

    Returns the line to tell the user, None when there was nothing to do.
    """
    journal = Journal.load(root)
    if journal is None:
        shutil.rmtree(root / BACKUP_DIR, ignore_errors=True)  # of a journal never written
        removed = remove_strays(root)
        if not removed:
            return None
        return f"removed {removed} temporary file(s) an interrupted scaffold command left"
    if journal.can_finish(root):
        journal.roll_forward(root)
        verb = "finished"
    else:
        journal.roll_back(root)
        verb = "undid"
    remove_strays(root)
    return f"{verb} an interrupted `scaffold {journal.command}` (journal {JOURNAL_PATH})"


def remove_strays(root: Path) -> int:
    """Remove the temporary files a killed command left; returns how many."""
    removed = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _UNSEARCHED]
        for name in files:
            if is_temp_name(name):
                Path(folder, name).unlink(missing_ok=True)
                removed += 1
    return removed
