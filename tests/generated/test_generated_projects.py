"""Generated projects run for real: their own ruff, mypy --strict, pytest and Alembic, on SQLite
and on PostgreSQL, in subprocesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PYTHON, fresh_postgres_database
from tests.generated.toolchain import lint_and_typecheck, migrate_and_test, run_in

pytestmark = pytest.mark.slow


def test_ruff_and_mypy_strict_pass(generated: Path) -> None:
    lint_and_typecheck(generated)


def test_tests_and_migrations_pass_on_sqlite(generated: Path, tmp_path: Path) -> None:
    output = migrate_and_test(generated, f"sqlite:///{tmp_path / 'dev.db'}")
    assert "skipped" not in output


def test_tests_and_migrations_pass_on_postgresql(generated: Path, postgres_admin_url: str) -> None:
    for database_url in fresh_postgres_database(postgres_admin_url):
        # Neon hands out postgres:// URLs with query parameters; both forms must work.
        neon_style = database_url.replace("postgresql://", "postgres://", 1) + "?sslmode=prefer"
        migrate_and_test(generated, neon_style)


def test_default_database_is_a_sqlite_file_in_the_project(generated: Path) -> None:
    run_in(generated, [PYTHON, "-m", "alembic", "upgrade", "head"])
    assert (generated / "app.db").is_file()
    (generated / "app.db").unlink()
