"""Running a generated project's own tools in subprocesses, as its developers would."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import PYTHON

# The outer process's settings that a generated project reads: never handed down, so that
# the project's own `.env` (with the secret `scaffold new` wrote) and the test's choices decide.
# TEST_DATABASE_URL above all: here it names the server to make databases on, and the project's
# tests would migrate it.
PROJECT_SETTINGS = frozenset(
    {"DATABASE_URL", "TEST_DATABASE_URL", "JWT_SECRET", "JWT_ALGORITHM", "AUTH_MODE", "ENVIRONMENT"}
)


def project_env(
    database_url: str | None = None, *, test_database_url: str | None = None
) -> dict[str, str]:
    """This environment without the outer pytest's and the project's settings, plus
    `database_url` as DATABASE_URL (the app, alembic) and `test_database_url` as
    TEST_DATABASE_URL (the project's pytest)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTEST_") and k.upper() not in PROJECT_SETTINGS
    }
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    if test_database_url is not None:
        env["TEST_DATABASE_URL"] = test_database_url
    return env


def run_in(
    root: Path,
    argv: list[str],
    database_url: str | None = None,
    *,
    test_database_url: str | None = None,
) -> str:
    result = subprocess.run(
        argv,
        cwd=root,
        env=project_env(database_url, test_database_url=test_database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(argv)} failed ({result.returncode}):\n{output}"
    return output


def run_tests(root: Path, database_url: str | None, *pytest_args: str) -> str:
    """The project's own pytest, passing: on the database `database_url` names (as its
    TEST_DATABASE_URL) when that is PostgreSQL, otherwise on the temporary SQLite database the
    tests make for themselves (what `pytest` alone does)."""
    sqlite = database_url is None or database_url.startswith("sqlite")
    output = run_in(
        root,
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args],
        test_database_url=None if sqlite else database_url,
    )
    assert " passed" in output and "failed" not in output and "error" not in output.lower()
    return output


def lint_and_typecheck(root: Path) -> None:
    """The project's ruff, mypy --strict and bandit (as its README runs them), and scaffold's
    own stateless-agent check."""
    run_in(root, [PYTHON, "-m", "ruff", "check", "."])
    run_in(root, [PYTHON, "-m", "ruff", "format", "--check", "."])
    output = run_in(root, [PYTHON, "-m", "mypy"])  # strict = true in its pyproject
    assert "Success: no issues found" in output
    run_in(root, [PYTHON, "-m", "bandit", "-q", "-c", "pyproject.toml", "-r", "app"])
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
    return run_tests(root, database_url)
