"""The only code that writes to a user's project.

Conflicts are found before anything is written. Each file goes to a temporary file in its own
folder and is moved into place with `os.replace`, so a reader never sees half a file. If any
write fails, the files already written are put back as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from scaffold.engine.manifest import MANIFEST_PATH, Manifest
from scaffold.engine.plan import FileChange, Plan, content_hash
from scaffold.errors import ScaffoldError


class WriteError(ScaffoldError):
    """Writing failed part-way; everything written was rolled back."""


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    return replace(change, status="update", reason="your edits overwritten (--force)")


def apply(plan: Plan, manifest: Manifest) -> list[FileChange]:
    """Write every create/update of `plan` (which must hold no conflicts) and the manifest.

    Returns the changes written. On failure, restores every file already written.
    """
    assert not plan.conflicts, "conflicts must be resolved before apply()"
    written: list[FileChange] = []
    created_dirs: list[Path] = []
    modes: dict[str, int] = {}  # of deleted files, to restore them as they were
    try:
        for change in plan.changes:
            target = plan.root / change.path
            if change.status == "delete":
                modes[change.path] = target.stat().st_mode & 0o777
                target.unlink()
                written.append(change)
                continue
            if not change.writes or change.new is None:
                continue
            created_dirs.extend(_missing_parents(target, plan.root))
            write_atomic(target, change.new)
            written.append(change)
            if change.kind == "generated":
                manifest.files[change.path] = {
                    "sha256": content_hash(change.new),
                    **plan.manifest.file_meta.get(change.path, {}),
                }
        for path in plan.manifest.forget_files:
            manifest.files.pop(path, None)
        manifest.resources.update(plan.manifest.resources)
        for name in plan.manifest.forget_resources:
            manifest.resources.pop(name, None)
        manifest_file = plan.root / MANIFEST_PATH
        rendered = manifest.render()
        if not manifest_file.exists() or manifest_file.read_text(encoding="utf-8") != rendered:
            write_atomic(manifest_file, rendered)
    except OSError as exc:
        _roll_back(plan.root, written, created_dirs, modes)
        raise WriteError(f"writing {exc.filename or 'a file'} failed ({exc.strerror})") from exc
    for directory in plan.remove_dirs:
        _remove_if_empty(plan.root / directory)
    return written


def _remove_if_empty(directory: Path) -> None:
    """Remove a folder a deletion emptied; best effort, since an empty folder harms nothing."""
    try:
        entries = list(directory.iterdir())
        if any(entry.name != "__pycache__" for entry in entries):
            return
        for entry in entries:
            shutil.rmtree(entry)
        directory.rmdir()
    except OSError:
        return


def _missing_parents(target: Path, root: Path) -> list[Path]:
    missing = []
    parent = target.parent
    while parent != root and not parent.exists():
        missing.append(parent)
        parent = parent.parent
    return missing


def _roll_back(
    root: Path, written: list[FileChange], created_dirs: list[Path], modes: dict[str, int]
) -> None:
    for change in reversed(written):
        target = root / change.path
        if change.old is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, change.old)
            if change.path in modes:
                os.chmod(target, modes[change.path])
    for directory in created_dirs:
        if directory.exists() and not any(directory.iterdir()):
            directory.rmdir()
