"""The only code that writes to a user's project: all of a plan, or none of it.

Conflicts are found before anything is written. `apply` then works in three phases:

1. every new content (the manifest's too) goes to a temporary file beside its target, fsynced;
   every file to update or delete gets a backup;
2. the journal records the renames and how to undo them (see `engine.journal`);
3. the renames (the manifest last), then the deletions; then the journal goes.

A failure at any point (permissions, a full disk, a name too long, a read-only file system)
undoes what was done and raises `WriteError`; a kill is finished or undone by the next command
that opens the project.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path

from scaffold.engine.journal import (
    BACKUP_DIR,
    JOURNAL_PATH,
    Deletion,
    Journal,
    Rename,
    fsync_dir,
    remove_if_empty,
    replace_durably,
    temp_path,
    write_new_file,
)
from scaffold.engine.manifest import MANIFEST_PATH, Manifest
from scaffold.engine.plan import FileChange, Plan, content_hash
from scaffold.errors import UserError


class WriteError(UserError):
    """Writing failed part-way; what was written has been undone."""

    code = "write_failed"


def write_atomic(path: Path, text: str) -> None:
    """Replace (or create) one file atomically and durably, keeping its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    replace_durably(path, text.encode("utf-8"), mode)


def resolve_conflicts(plan: Plan, *, force: bool) -> Plan:
    """With --force, conflicts become updates (or deletions, for a file the plan removes);
    without, the plan is returned as it is."""
    if not force:
        return plan
    changes = [_forced(c) if c.status == "conflict" else c for c in plan.changes]
    return Plan(plan.root, changes, plan.manifest, plan.remove_dirs)


def _forced(change: FileChange) -> FileChange:
    if change.new is None:
        return replace(change, status="delete", reason="your edits deleted (--force)")
    reason = change.forced_reason or "your edits overwritten (--force)"
    return replace(change, status="update", reason=reason)


def updated_manifest(plan: Plan, manifest: Manifest) -> Manifest:
    """The manifest as it is once `plan` is applied (`manifest` itself is left as it is)."""
    files = dict(manifest.files)
    for change in plan.changes:
        if change.writes and change.new is not None and change.kind == "generated":
            files[change.path] = {
                "sha256": content_hash(change.new),
                **plan.manifest.file_meta.get(change.path, {}),
            }
    for path in plan.manifest.forget_files:
        files.pop(path, None)
    resources = {**manifest.resources, **plan.manifest.resources}
    for name in plan.manifest.forget_resources:
        resources.pop(name, None)
    return Manifest(files, resources)


def apply(plan: Plan, manifest: Manifest, *, command: str = "") -> list[FileChange]:
    """Write every create/update/delete of `plan` (which must hold no conflicts) and the
    manifest, all or nothing; `manifest` is updated in place once the writes have landed.

    `command` (e.g. `crud Product`) names the apply in its journal, for the message of a
    later recovery. Returns the changes written.

    Raises:
        WriteError: a file could not be written; the tree is as it was.
    """
    assert not plan.conflicts, "conflicts must be resolved before apply()"
    root = plan.root
    written = [c for c in plan.changes if (c.writes and c.new is not None) or c.status == "delete"]
    contents = {c.path: c.new for c in written if c.new is not None and c.status != "delete"}
    after = updated_manifest(plan, manifest)
    rendered = after.render()
    if _read(root / MANIFEST_PATH) != rendered:
        contents[MANIFEST_PATH] = rendered  # last: it records the files renamed before it
    deleted = [c.path for c in written if c.status == "delete"]
    if contents or deleted:
        _Transaction(root, command, contents, deleted, plan.remove_dirs).run()
    else:
        for folder in plan.remove_dirs:
            remove_if_empty(root / folder)
    manifest.files, manifest.resources = after.files, after.resources
    return written


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


class _Transaction:
    """One apply on disk; `current` names the file being worked on, for the error message."""

    def __init__(
        self,
        root: Path,
        command: str,
        contents: dict[str, str],
        deleted: list[str],
        remove_dirs: list[str],
    ) -> None:
        self.root = root
        self.contents = {path: text.encode("utf-8") for path, text in contents.items()}
        self.journal = Journal(command, remove_dirs=list(remove_dirs))
        self.current = JOURNAL_PATH
        backups = 0
        for path in self.contents:
            backup = None
            if os.path.lexists(root / path):
                backup, backups = f"{BACKUP_DIR}/{backups}", backups + 1
            # Of the exact bytes (file_sha256 reads them back); content_hash ignores newlines.
            sha = hashlib.sha256(self.contents[path]).hexdigest()
            self.journal.renames.append(Rename(path, temp_path(path), sha, backup))
        for path in deleted:
            self.journal.deletions.append(Deletion(path, f"{BACKUP_DIR}/{backups}"))
            backups += 1

    def run(self) -> None:
        try:
            self._prepare()
            self._commit()
        except BaseException as exc:
            self._undo(exc)
            if isinstance(exc, OSError):
                raise _write_error(self.current, exc) from None
            raise
        self.journal.discard(self.root)

    def _prepare(self) -> None:
        root, journal = self.root, self.journal
        (root / JOURNAL_PATH).parent.mkdir(exist_ok=True)
        paths = [r.path for r in journal.renames] + [d.path for d in journal.deletions]
        journal.new_dirs = _missing_folders(root, paths)
        journal.save(root)  # names everything below before any of it exists
        for new_dir in journal.new_dirs:
            self.current = new_dir
            (root / new_dir).mkdir()  # the user's umask decides its mode
        if journal.renames or journal.deletions:
            self.current = BACKUP_DIR
            (root / BACKUP_DIR).mkdir(exist_ok=True)
        for rename in journal.renames:
            self.current = rename.path
            target = root / rename.path
            mode = None
            if rename.backup is not None:
                mode = stat.S_IMODE(target.stat().st_mode)  # an updated file keeps its mode
                _backup(target, root / rename.backup)
            write_new_file(root / rename.temp, self.contents[rename.path], mode)
        for deletion in journal.deletions:
            self.current = deletion.path
            _backup(root / deletion.path, root / deletion.backup)
        self.current = JOURNAL_PATH
        if journal.renames or journal.deletions:
            fsync_dir(root / BACKUP_DIR)

    def _commit(self) -> None:
        root, journal = self.root, self.journal
        journal.state = "committed"
        journal.save(root)
        for rename in journal.renames:
            self.current = rename.path
            os.replace(root / rename.temp, root / rename.path)
        for deletion in journal.deletions:
            self.current = deletion.path
            (root / deletion.path).unlink()
        for emptied in journal.remove_dirs:
            remove_if_empty(root / emptied)
        self.current = JOURNAL_PATH
        for folder in self._folders():
            if folder.is_dir():
                fsync_dir(folder)

    def _folders(self) -> set[Path]:
        paths = [r.path for r in self.journal.renames] + [d.path for d in self.journal.deletions]
        return {(self.root / path).parent for path in paths}

    def _undo(self, cause: BaseException) -> None:
        try:
            self.journal.roll_back(self.root)
        except OSError as exc:
            # The journal stays: the next command that opens the project finishes the undo.
            raise WriteError(
                f"could not write {self.current} ({_reason(cause)}), and undoing the other "
                f"changes failed too ({exc.strerror})",
                "fix the cause, then run any scaffold command in the project: it puts the "
                f"files back as they were from {JOURNAL_PATH}",
            ) from None


def _backup(target: Path, backup: Path) -> None:
    """A hard link keeps the old file as it was (bytes, mode) at no cost; a copy where the
    file system has no hard links."""
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP}:
            raise
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target)) from None
        shutil.copy2(target, backup, follow_symlinks=False)


def _missing_folders(root: Path, paths: list[str]) -> list[str]:
    """The folders the paths need that do not exist yet, shallowest first."""
    missing: set[str] = set()
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if not os.path.lexists(root / folder):
                missing.add(folder)
    return sorted(missing, key=lambda folder: (folder.count("/"), folder))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__


_HINTS = {
    errno.EACCES: "make {folder} writable (chmod u+w), then run the command again",
    errno.EPERM: "make {folder} writable (chmod u+w), then run the command again",
    errno.EROFS: "the file system is read-only: run the command in a writable checkout",
    errno.ENOSPC: "free some disk space, then run the command again",
    errno.EDQUOT: "free some of your disk quota, then run the command again",
    errno.ENAMETOOLONG: "choose a shorter name: the file system refuses one this long",
    errno.ENOTDIR: "a file stands where a folder is needed: move it away, then run it again",
    errno.EISDIR: "a folder stands where the file goes: move it away, then run it again",
}


def _write_error(path: str, exc: OSError) -> WriteError:
    folder = path.rpartition("/")[0] or "the project folder"
    hint = _HINTS.get(exc.errno or 0, "fix the cause, then run the command again")
    return WriteError(
        f"could not write {path} ({_reason(exc)}); nothing was changed",
        hint.format(folder=folder),
    )
