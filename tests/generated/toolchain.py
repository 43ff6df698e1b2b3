"""Running a generated project's own tools in subprocesses, as its developers would."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import PYTHON


def project_env(database_url: str | None) -> dict[str, str]:
    """This environment without the outer pytest's and database settings, plus `database_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DATABASE_URL"))}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return env


def run_in(root: Path, argv: list[str], database_url: str | None = None) -> str:
    result = subprocess.run(
        argv, cwd=root, env=project_env(database_url), capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(argv)} failed ({result.returncode}):\n{output}"
    return output


def lint_and_typecheck(root: Path) -> None:
    """The project's ruff, mypy --strict, and scaffold's own stateless-agent check."""
    run_in(root, [PYTHON, "-m", "ruff", "check", "."])
    run_in(root, [PYTHON, "-m", "ruff", "format", "--check", "."])
    output = run_in(root, [PYTHON, "-m", "mypy"])  # strict = true in its pyproject
    assert "Success: no issues found" in output
    report = json.loads(
        run_in(root, [PYTHON, "-m", "scaffold", "check", "stateless", "--json", "--no-cache"])
    )["data"]
    assert report["findings"] == [] and report["errors"] == [], report
    assert report["files_checked"] > 10


def migrate_and_test(root: Path, database_url: str | None) -> str:
    """Upgrade, check the models match the migrations, downgrade, upgrade, run the tests."""
    alembic = [PYTHON, "-m", "alembic"]
    run_in(root, [*alembic, "upgrade", "head"], database_url)
    assert "No new upgrade operations detected" in run_in(root, [*alembic, "check"], database_url)
    run_in(root, [*alembic, "downgrade", "base"], database_url)
    run_in(root, [*alembic, "upgrade", "head"], database_url)
    output = run_in(root, [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"], database_url)
    assert " passed" in output and "failed" not in output and "error" not in output.lower()
    return output
