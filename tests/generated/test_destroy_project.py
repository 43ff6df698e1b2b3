"""After `scaffold destroy`, the project's own ruff, mypy, pytest and Alembic still pass; an
applied migration is kept, and the drop migration `destroy` prints removes the table, on SQLite
and on PostgreSQL."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from scaffold.engine.manifest import Manifest
from tests.conftest import PYTHON, fresh_postgres_database, run_cli, snapshot
from tests.generated.conftest import generate
from tests.generated.toolchain import run_in, run_tests

pytestmark = pytest.mark.slow

CATEGORY = ["Category", "name:str(80):unique", "description:text?"]
PRODUCT = ["Product", "name:str(120)", "price:decimal(10,2)", "category:ref(Category)?"]
NOTE = ["Note", "body:text", "pinned:bool=false"]


def _run(argv: list[str], root: Path, database_url: str | None = None) -> str:
    return run_in(root, argv, database_url)


def _tool(command: str) -> list[str]:
    """A command as `destroy` prints it, run with this interpreter's tools."""
    argv = shlex.split(command)
    assert argv[0] in {"alembic", "ruff", "pytest"}, command
    return [PYTHON, "-m", *argv]


def _lint_and_types(root: Path) -> None:
    _run([PYTHON, "-m", "ruff", "check", "."], root)
    _run([PYTHON, "-m", "ruff", "format", "--check", "."], root)
    assert "Success: no issues found" in _run([PYTHON, "-m", "mypy"], root)


def _tests_pass(root: Path, database_url: str | None) -> None:
    run_tests(root, database_url)


def _destroy(root: Path, name: str, monkeypatch: pytest.MonkeyPatch, url: str | None) -> str:
    if url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", url)
    result = run_cli("destroy", name, cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def test_the_tool_chain_passes_after_destroy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = generate(tmp_path / "shop", [CATEGORY, PRODUCT, NOTE])
    product = Manifest.load(root).resources["Product"]["migration"]
    # Product's migration sits between Category's and Note's: Note's is re-parented.
    output = _destroy(root, "Product", monkeypatch, None)
    assert f"delete  {product['path']}" in output
    assert not (root / "app.db").exists()  # nothing was applied, and nothing was created

    _lint_and_types(root)
    database_url = f"sqlite:///{tmp_path / 'dev.db'}"
    alembic = [PYTHON, "-m", "alembic"]
    _run([*alembic, "upgrade", "head"], root, database_url)
    assert "No new upgrade operations detected" in _run([*alembic, "check"], root, database_url)
    _run([*alembic, "downgrade", "base"], root, database_url)
    _tests_pass(root, database_url)


def _applied_migration_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str | None
) -> None:
    root = generate(tmp_path / "shop", [CATEGORY])
    before = snapshot(root)
    run_cli("crud", *PRODUCT, cwd=root)
    product = Manifest.load(root).resources["Product"]["migration"]
    alembic = [PYTHON, "-m", "alembic"]
    _run([*alembic, "upgrade", "head"], root, database_url)

    output = _destroy(root, "Product", monkeypatch, database_url)
    assert f"keep  {product['path']}  (applied to the project's database" in output
    after = snapshot(root)
    assert after.pop(product["path"]) is not None
    after.pop("app.db", None)
    assert after == before  # byte for byte, apart from the applied migration (and the DB)

    # The commands destroy prints make and apply the drop migration.
    steps = next(line for line in output.splitlines() if line.startswith("next: "))
    for command in steps.removeprefix("next: ").split(" && "):
        _run(_tool(command), root, database_url)
    assert "No new upgrade operations detected" in _run([*alembic, "check"], root, database_url)
    history = _run([*alembic, "history"], root, database_url)
    assert "drop product table" in history
    _lint_and_types(root)
    _tests_pass(root, database_url)


def test_an_applied_migration_is_kept_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default database: the project's app.db, found without DATABASE_URL.
    _applied_migration_is_kept(tmp_path, monkeypatch, None)


def test_an_applied_migration_is_kept_on_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_admin_url: str
) -> None:
    for database_url in fresh_postgres_database(postgres_admin_url):
        # Neon's URL form: postgres:// with query parameters.
        neon_style = database_url.replace("postgresql://", "postgres://", 1) + "?sslmode=prefer"
        _applied_migration_is_kept(tmp_path, monkeypatch, neon_style)
