"""One command at a time changes a project: a second one waits for the first, names it, and
gives up with exit 2 after SCAFFOLD_LOCK_TIMEOUT seconds; a killed holder blocks no one."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scaffold.engine.lock import LOCK_PATH, TIMEOUT_ENV
from tests.conftest import run_cli, snapshot

HOLDER = """
import sys, time
from pathlib import Path
from scaffold.engine.lock import ProjectLock
lock = ProjectLock.acquire(Path(sys.argv[1]), "crud Alpha")
print("held", flush=True)
if sys.argv[2] == "forever":
    sys.stdin.read()
else:
    time.sleep(float(sys.argv[2]))
lock.release()
"""


def _hold(root: Path, how_long: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root), how_long],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


@pytest.fixture
def holder(mini: Path) -> Iterator[subprocess.Popen[str]]:
    process = _hold(mini, "forever")
    yield process
    process.kill()
    process.wait()


def test_a_second_command_waits_then_exits_2_naming_the_holder(
    mini: Path, holder: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0.3")
    before = snapshot(mini)
    started = time.monotonic()
    result = run_cli("spec", "new", "tasks", cwd=mini)
    assert 0.3 <= time.monotonic() - started < 3
    assert result.exit_code == 2
    waiting, error = result.stderr.splitlines()
    who = f"`scaffold crud Alpha` (pid {holder.pid}, started "
    assert waiting.startswith(f"scaffold: waiting for {who}") and waiting.endswith("to finish")
    assert error.startswith(f"error: the project is in use by {who}")
    assert "waited 0.3s (fix: let it finish, then run this command again" in error
    assert f"{TIMEOUT_ENV}=SECONDS" in error
    assert snapshot(mini) == before


def test_with_json_the_refusal_is_the_one_document_on_stdout(
    mini: Path, holder: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0")
    result = run_cli("spec", "new", "tasks", "--json", cwd=mini)
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "project_locked"
    assert f"pid {holder.pid}" in error["message"] and "crud Alpha" in error["message"]


def test_a_command_that_waited_goes_on_once_the_holder_is_done(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "20")
    holder = _hold(mini, "0.3")
    result = run_cli("spec", "new", "tasks", cwd=mini)
    holder.wait()
    assert result.exit_code == 0, result.stderr
    assert "scaffold: waiting for `scaffold crud Alpha`" in result.stderr
    assert (mini / "specs/features/tasks.md").is_file()
    assert not (mini / LOCK_PATH).exists()


def test_a_killed_holder_leaves_a_lock_file_that_blocks_no_one(
    mini: Path, holder: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0")
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (mini / LOCK_PATH).exists()
    result = run_cli("spec", "new", "tasks", cwd=mini)
    assert result.exit_code == 0, result.stderr
    assert "waiting" not in result.stderr
    assert not (mini / LOCK_PATH).exists()  # the next holder removes it when done


def test_a_dry_run_waits_for_a_writer_too(
    mini: Path, holder: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0")
    result = run_cli("spec", "new", "tasks", "--dry-run", cwd=mini)
    assert result.exit_code == 2
    assert "in use by `scaffold crud Alpha`" in result.stderr


def test_a_bad_timeout_is_a_usage_error(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "soon")
    result = run_cli("spec", "new", "tasks", cwd=mini)
    assert result.exit_code == 2
    assert f"{TIMEOUT_ENV}='soon' is not a number of seconds" in result.stderr
