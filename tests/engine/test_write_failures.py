"""A write the file system refuses is one line naming the file and the reason, exit 2, and the
tree as it was: what was already written is undone."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, run_cli, snapshot
from tests.engine.interrupt import leftovers
from tests.unprivileged import as_user


def _refused(root: Path, *args: str, run: Callable[..., CliResult] = run_cli) -> str:
    before = snapshot(root)
    result = run(*args, cwd=root)
    assert result.exit_code == 2
    assert snapshot(root) == before
    assert leftovers(root) == []
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_a_file_where_a_folder_is_needed(mini: Path) -> None:
    (mini / "specs").write_text("not a folder\n")
    error = _refused(mini, "spec", "new", "tasks")
    assert error.startswith("error: could not write specs/features (Not a directory); nothing")
    assert "(fix: a file stands where a folder is needed: move it away" in error


def test_a_name_too_long_for_the_file_system(mini: Path) -> None:
    name = "a" * 300
    error = _refused(mini, "spec", "new", name, "--resource", "Task")
    assert f"could not write specs/features/{name}.md (File name too long)" in error
    assert "choose a shorter name" in error
    assert not (mini / "specs").exists()  # the folders it made for it are gone too


def test_with_json_the_failure_is_the_one_document(mini: Path) -> None:
    (mini / "specs").write_text("not a folder\n")
    result = run_cli("spec", "new", "tasks", "--json", cwd=mini)
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "write_failed"
    assert error["message"].startswith("could not write specs/features (Not a directory)")


def test_a_read_only_folder(mini: Path) -> None:
    with as_user(mini.parent) as user:  # as root: nobody, in a subprocess
        root = user.root / mini.name
        folder = root / "specs/features"
        folder.mkdir(parents=True)
        folder.chmod(0o555)
        try:
            error = _refused(root, "spec", "new", "tasks", run=user.run)
        finally:
            folder.chmod(0o755)
    assert "could not write specs/features/tasks.md (Permission denied)" in error
    assert "make specs/features writable (chmod u+w)" in error
