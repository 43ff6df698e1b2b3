"""The `postgres` marker selects exactly the tests that need the server."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import PYTHON

ROOT = Path(__file__).resolve().parents[1]
# A fixture-based PostgreSQL test, a database-parametrized one, and a module with none.
MODULES = [
    "tests/test_spec.py",
    "tests/generated/test_field_lifecycle.py",
    "tests/test_table_layout.py",
]


def _collected(marker: str) -> list[str]:
    result = subprocess.run(
        [PYTHON, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", "-m", marker, *MODULES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_postgres_marker_selects_the_postgres_tests_only() -> None:
    selected = _collected("postgres")
    assert "tests/test_spec.py::test_portable_patterns_match_in_postgresql_as_in_python" in selected
    assert any("test_field_lifecycle.py" in t and "postgresql" in t for t in selected)
    assert not any("sqlite" in t or "test_table_layout.py" in t for t in selected)
    others = _collected("not postgres")
    assert any("test_field_lifecycle.py" in t and "sqlite" in t for t in others)
    assert not set(selected) & set(others)
