"""The `.pre-commit-hooks.yaml` hook runs the checker the way pre-commit will call it."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from tests.validators.conftest import CLEAN_SNIPPET, STATEFUL_SNIPPET

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def test_hook_definition() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "scaffold-stateless"
    assert hook["language"] == "python"
    assert hook["entry"].startswith("scaffold check stateless")
    assert "--force-exclude" in hook["entry"]
    assert "python" in hook["types_or"]


def test_hook_entry_on_staged_files(project_dir: Path) -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    (project_dir / "app" / "state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    (project_dir / "app" / "clean.py").write_text(CLEAN_SNIPPET, encoding="utf-8")
    (project_dir / "tests").mkdir()
    (project_dir / "tests" / "test_state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    # pre-commit appends the staged file names to the entry.
    entry = shlex.split(hook["entry"])
    assert entry[0] == "scaffold"
    command = [sys.executable, "-m", "scaffold", *entry[1:], "--no-cache"]

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *files], cwd=project_dir, capture_output=True, text=True, check=False
        )

    assert run("app/clean.py").returncode == 0
    # A test file is excluded even when pre-commit names it.
    assert run("tests/test_state.py").returncode == 0
    failing = run("app/clean.py", "app/state.py", "tests/test_state.py")
    assert failing.returncode == 1
    assert "app/state.py:5:5: SA101" in failing.stdout
    assert "tests/test_state.py" not in failing.stdout
