"""Two generators started at once on one project: one holds the project, the other waits for
it (and then succeeds) or, past SCAFFOLD_LOCK_TIMEOUT, exits 2 naming it. Either way every
resource a command reports is in the manifest, and the migrations have one head and match the
models."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scaffold.engine.lock import TIMEOUT_ENV
from scaffold.engine.manifest import Manifest
from scaffold.engine.migrations import read_revisions
from scaffold.migrate.check import heads
from tests.conftest import run_cli
from tests.engine.interrupt import leftovers

pytestmark = pytest.mark.slow

ROUNDS = 10
COMMANDS = {
    "Alpha": ["crud", "Alpha", "name:str(80)"],
    "Beta": ["crud", "Beta", "title:str(80)", "done:bool=false"],
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("base") / "shop"
    assert run_cli("new", str(root)).exit_code == 0
    return root


def _start(argv: list[str], root: Path, timeout: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scaffold", *argv, "--json"],
        cwd=root,
        env={**os.environ, TIMEOUT_ENV: timeout},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_generators_at_once_leave_a_whole_project(
    round_: int, base: Path, tmp_path: Path
) -> None:
    root = tmp_path / "shop"
    shutil.copytree(base, root)
    # Half the rounds wait long enough for the other to finish; half do not wait at all.
    timeout = "30" if round_ % 2 == 0 else "0"
    started = time.monotonic()
    processes = {name: _start(argv, root, timeout) for name, argv in COMMANDS.items()}
    outputs = {name: p.communicate(timeout=120) for name, p in processes.items()}
    took = time.monotonic() - started

    resources = Manifest.load(root).resources
    succeeded = []
    for name, (stdout, stderr) in outputs.items():
        code = processes[name].returncode
        if code == 0:
            succeeded.append(name)
            assert name in resources, stderr
            continue
        assert code == 2, f"{name}: exit {code}\n{stdout}\n{stderr}"
        (other,) = set(COMMANDS) - {name}
        error = json.loads(stdout)["error"]
        assert error["code"] == "project_locked"
        holder = f"`scaffold crud {other}` (pid {processes[other].pid}, started "
        assert error["message"].startswith(f"the project is in use by {holder}"), error
        assert name not in resources
    assert succeeded, outputs
    if timeout == "30":
        assert sorted(succeeded) == sorted(COMMANDS), outputs
    assert leftovers(root) == []
    assert len(heads(read_revisions(root))) == 1
    checked = run_cli("migrate", "check", cwd=root)
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    print(f"\nround {round_}: {', '.join(succeeded)} succeeded in {took:.1f}s")
