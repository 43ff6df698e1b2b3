"""Generated projects, built once per module: `scaffold new` then `scaffold crud` per resource."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import fresh_postgres_database, run_cli
from tests.generated.specs import SPECS


def generate(root: Path, resources: list[list[str]]) -> Path:
    result = run_cli("new", str(root))
    assert result.exit_code == 0, result.stderr
    for args in resources:
        result = run_cli("crud", *args, cwd=root)
        assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="module", params=sorted(SPECS))
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name = str(request.param)
    return generate(tmp_path_factory.mktemp(name) / name, SPECS[name])


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for one test: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    admin = request.getfixturevalue("postgres_admin_url")
    yield from fresh_postgres_database(admin)


def engine_for(url: str) -> sa.Engine:
    """An engine on `url`, with the psycopg driver for PostgreSQL."""
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
