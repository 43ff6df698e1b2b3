"""The writer: conflicts before writes, atomic replacement, rollback on failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scaffold.engine.manifest import MANIFEST_PATH, Manifest
from scaffold.engine.plan import FileChange, Plan, classify, content_hash
from scaffold.engine.writer import WriteError, apply, resolve_conflicts, write_atomic
from scaffold.errors import UserError


def test_classify_tells_created_identical_updated_and_conflicting(tmp_path: Path) -> None:
    (tmp_path / "same.py").write_text("x = 1\n")
    (tmp_path / "untouched.py").write_text("x = 1\n")
    (tmp_path / "edited.py").write_text("x = 2  # mine\n")
    (tmp_path / "foreign.py").write_text("y = 1\n")
    generated = content_hash("x = 1\n")
    assert (
        classify(tmp_path, "new.py", "a", kind="generated", recorded_hash=None).status == "create"
    )
    assert (
        classify(tmp_path, "same.py", "x = 1\n", kind="generated", recorded_hash=None).status
        == "identical"
    )
    assert (
        classify(
            tmp_path, "untouched.py", "x = 3\n", kind="generated", recorded_hash=generated
        ).status
        == "update"
    )
    edited = classify(tmp_path, "edited.py", "x = 3\n", kind="generated", recorded_hash=generated)
    assert (edited.status, edited.reason) == ("conflict", "edited since it was generated")
    foreign = classify(tmp_path, "foreign.py", "x = 3\n", kind="generated", recorded_hash=None)
    assert foreign.status == "conflict"
    assert (
        classify(tmp_path, "foreign.py", "z\n", kind="edited", recorded_hash=None).status
        == "update"
    )


def test_apply_writes_files_and_records_hashes(tmp_path: Path) -> None:
    plan = Plan(
        tmp_path, [classify(tmp_path, "a/b.py", "x = 1\n", kind="generated", recorded_hash=None)]
    )
    manifest = Manifest()
    written = apply(plan, manifest)
    assert [c.path for c in written] == ["a/b.py"]
    assert (tmp_path / "a/b.py").read_text() == "x = 1\n"
    assert Manifest.load(tmp_path).file_hash("a/b.py") == content_hash("x = 1\n")
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_force_turns_conflicts_into_updates(tmp_path: Path) -> None:
    (tmp_path / "f.py").write_text("mine\n")
    plan = Plan(
        tmp_path, [classify(tmp_path, "f.py", "theirs\n", kind="generated", recorded_hash=None)]
    )
    assert resolve_conflicts(plan, force=False).conflicts
    forced = resolve_conflicts(plan, force=True)
    assert not forced.conflicts
    apply(forced, Manifest())
    assert (tmp_path / "f.py").read_text() == "theirs\n"


def test_a_failed_write_rolls_back_what_was_written(tmp_path: Path) -> None:
    (tmp_path / "existing.py").write_text("original\n")
    # A folder where the plan wants a file: os.replace fails there, even for root.
    (tmp_path / "blocked.py").mkdir()
    changes = [
        classify(tmp_path, "existing.py", "changed\n", kind="edited", recorded_hash=None),
        classify(tmp_path, "new/created.py", "new\n", kind="generated", recorded_hash=None),
        FileChange("blocked.py", None, "x\n", "create"),
    ]
    with pytest.raises(WriteError):
        apply(Plan(tmp_path, changes), Manifest())
    assert (tmp_path / "existing.py").read_text() == "original\n"
    assert not (tmp_path / "new").exists()
    assert not (tmp_path / MANIFEST_PATH).exists()


def test_a_failed_write_restores_deleted_files_with_their_mode(tmp_path: Path) -> None:
    doomed = tmp_path / "doomed.py"
    doomed.write_text("generated\n")
    doomed.chmod(0o755)
    (tmp_path / "blocked.py").mkdir()
    changes = [
        FileChange("doomed.py", "generated\n", None, "delete"),
        FileChange("blocked.py", None, "x\n", "create"),
    ]
    with pytest.raises(WriteError):
        apply(Plan(tmp_path, changes), Manifest())
    assert doomed.read_text() == "generated\n"
    assert doomed.stat().st_mode & 0o777 == 0o755


def test_force_turns_a_conflicting_deletion_into_a_deletion(tmp_path: Path) -> None:
    (tmp_path / "edited.py").write_text("mine\n")
    plan = Plan(tmp_path, [FileChange("edited.py", "mine\n", None, "conflict")])
    forced = resolve_conflicts(plan, force=True)
    assert [(c.status, c.reason) for c in forced.changes] == [
        ("delete", "your edits deleted (--force)")
    ]
    apply(forced, Manifest())
    assert not (tmp_path / "edited.py").exists()


def test_a_failed_write_is_a_user_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "blocked.py").mkdir()
    with pytest.raises(UserError) as caught:
        apply(Plan(tmp_path, [FileChange("blocked.py", None, "x\n", "create")]), Manifest())
    assert isinstance(caught.value, WriteError) and caught.value.code == "write_failed"
    message = "could not write blocked.py (Is a directory); nothing was changed"
    assert caught.value.message == message
    assert caught.value.exit_code == 2


def test_updates_keep_their_mode_and_new_folders_follow_the_umask(tmp_path: Path) -> None:
    script = tmp_path / "run.sh"
    script.write_text("echo old\n")
    script.chmod(0o750)
    changes = [
        classify(tmp_path, "run.sh", "echo new\n", kind="edited", recorded_hash=None),
        classify(tmp_path, "deep/er/new.py", "x = 1\n", kind="generated", recorded_hash=None),
    ]
    old_umask = os.umask(0o027)
    try:
        apply(Plan(tmp_path, changes), Manifest())
    finally:
        os.umask(old_umask)
    assert script.read_text() == "echo new\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "deep").stat().st_mode) == 0o750  # 0777 less the umask
    assert stat.S_IMODE((tmp_path / "deep/er/new.py").stat().st_mode) == 0o640
    assert not [p for p in tmp_path.rglob("*") if ".scaffold-" in p.name]
    assert sorted(p.name for p in (tmp_path / ".scaffold").iterdir()) == ["manifest.json"]


def test_write_atomic_keeps_the_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "tool.sh"
    target.write_text("old\n")
    target.chmod(0o700)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert [p.name for p in tmp_path.iterdir()] == ["tool.sh"]
