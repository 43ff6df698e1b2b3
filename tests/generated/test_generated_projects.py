"""Generated projects run for real: their own ruff, mypy --strict, pytest and Alembic, on SQLite
and on PostgreSQL, in subprocesses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PYTHON, fresh_postgres_database

pytestmark = pytest.mark.slow


def _env(database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DATABASE_URL"))}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return env


def _run(argv: list[str], root: Path, database_url: str | None = None) -> str:
    import subprocess

    result = subprocess.run(
        argv, cwd=root, env=_env(database_url), capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(argv)} failed ({result.returncode}):\n{output}"
    return output


def test_ruff_and_mypy_strict_pass(generated: Path) -> None:
    _run([PYTHON, "-m", "ruff", "check", "."], generated)
    _run([PYTHON, "-m", "ruff", "format", "--check", "."], generated)
    output = _run([PYTHON, "-m", "mypy"], generated)  # strict = true in its pyproject
    assert "Success: no issues found" in output


def _migrate_and_test(root: Path, database_url: str | None) -> str:
    alembic = [PYTHON, "-m", "alembic"]
    _run([*alembic, "upgrade", "head"], root, database_url)
    # The migrations rendered from the spec match the models exactly.
    assert "No new upgrade operations detected" in _run([*alembic, "check"], root, database_url)
    _run([*alembic, "downgrade", "base"], root, database_url)
    _run([*alembic, "upgrade", "head"], root, database_url)
    output = _run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root, database_url)
    assert " passed" in output and "failed" not in output and "error" not in output.lower()
    return output


def test_tests_and_migrations_pass_on_sqlite(generated: Path, tmp_path: Path) -> None:
    output = _migrate_and_test(generated, f"sqlite:///{tmp_path / 'dev.db'}")
    assert "skipped" not in output


def test_tests_and_migrations_pass_on_postgresql(generated: Path, postgres_admin_url: str) -> None:
    for database_url in fresh_postgres_database(postgres_admin_url):
        # Neon hands out postgres:// URLs with query parameters; both forms must work.
        neon_style = database_url.replace("postgresql://", "postgres://", 1) + "?sslmode=prefer"
        _migrate_and_test(generated, neon_style)


def test_default_database_is_a_sqlite_file_in_the_project(generated: Path) -> None:
    _run([PYTHON, "-m", "alembic", "upgrade", "head"], generated, None)
    assert (generated / "app.db").is_file()
    (generated / "app.db").unlink()
