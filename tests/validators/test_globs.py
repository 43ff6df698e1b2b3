"""Glob semantics shared by excludes and per-path ignores."""

from __future__ import annotations

import pytest

from scaffold.validators.globs import GlobSet


@pytest.mark.parametrize(
    ("patterns", "path", "expected"),
    [
        ([".venv"], ".venv/lib/x.py", True),
        ([".venv"], "app/.venv/x.py", True),
        (["migrations"], "app/migrations/0001.py", True),
        (["test_*.py"], "app/test_chat.py", True),
        (["test_*.py"], "app/chat_test.py", False),
        (["app/legacy"], "app/legacy/old.py", True),
        (["app/legacy"], "lib/app/legacy/old.py", False),
        (["app/*.py"], "app/chat.py", True),
        (["app/*.py"], "app/api/chat.py", False),
        (["**/alembic/versions"], "alembic/versions/1.py", True),
        (["**/alembic/versions"], "db/alembic/versions/1.py", True),
        (["app/**/cli.py"], "app/a/b/cli.py", True),
        ([], "anything.py", False),
    ],
)
def test_match(patterns: list[str], path: str, expected: bool) -> None:
    assert GlobSet.compile(patterns).match(path) is expected
