"""Shared fixtures: a fresh generated project per test, a CLI runner, PostgreSQL databases."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from scaffold import api
from scaffold.cli import main


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None) -> CliResult:
    """Run the CLI in this process (fast); the console script is tested separately."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    old_cwd = Path.cwd()
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(old_cwd)
    return CliResult(code, out.getvalue(), err.getvalue())


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    """Run a tool in a subprocess; fail the test with its output if it fails."""
    result = subprocess.run(
        argv,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(argv)} failed ({result.returncode}):\n{output}"
    return output


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to prove a command changed nothing."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="session")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `scaffold new` per session; tests get copies of it."""
    root = tmp_path_factory.mktemp("template") / "shop"
    api.new_project(root)
    return root


@pytest.fixture
def project(template_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(template_project, copy)
    return copy


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs PostgreSQL, so that `pytest -m postgres` selects them all:
    those that take the server's fixture, and the PostgreSQL case of a database-parametrized
    test (which asks for the fixture only at run time)."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "postgres_admin_url" in getattr(item, "fixturenames", ()) or "postgresql" in (
            params.values()
        ):
            item.add_marker(pytest.mark.postgres)
    # Modules with slow tests first (a stable sort keeps every module together and in order,
    # so module fixtures are built once): with `-n 2` the fast tests then fill the workers'
    # tails instead of one long test running alone at the end.
    slow_modules = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_modules)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (point it at a PostgreSQL server to run these)")
    return url


@pytest.fixture
def postgres_database(postgres_admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; dropped afterwards."""
    yield from fresh_postgres_database(postgres_admin_url)


def fresh_postgres_database(admin_url: str) -> Iterator[str]:
    import psycopg

    name = f"scaffold_test_{uuid.uuid4().hex[:12]}"
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(conninfo)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


PYTHON = sys.executable
