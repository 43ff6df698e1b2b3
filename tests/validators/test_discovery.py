"""File discovery: excludes, explicit files, force-exclude, missing paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import UserError
from scaffold.validators.config import DEFAULT_EXCLUDE
from scaffold.validators.discovery import SourceFile, discover


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n", encoding="utf-8")


def shown(files: list[SourceFile]) -> list[str]:
    return [source.relative for source in files]


def test_default_excludes_skip_tools_tests_and_migrations(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "app/main.py",
        "app/api/chat.py",
        "app/types.pyi",
        "app/readme.txt",
        ".venv/lib/site.py",
        "tests/test_chat.py",
        "app/test_local.py",
        "conftest.py",
        "alembic/versions/0001_init.py",
        "alembic/env.py",
        "app/migrations/0001.py",
        "node_modules/x/y.py",
    )
    files = discover([tmp_path], root=tmp_path, exclude=DEFAULT_EXCLUDE, cwd=tmp_path)
    assert shown(files) == ["alembic/env.py", "app/api/chat.py", "app/main.py", "app/types.pyi"]


def test_named_directory_below_an_excluded_name_is_walked(tmp_path: Path) -> None:
    touch(tmp_path, "tests/corpus/agent.py")
    files = discover(
        [tmp_path / "tests" / "corpus"], root=tmp_path, exclude=DEFAULT_EXCLUDE, cwd=tmp_path
    )
    assert shown(files) == ["tests/corpus/agent.py"]


def test_named_file_is_checked_unless_force_exclude(tmp_path: Path) -> None:
    touch(tmp_path, "tests/test_chat.py")
    target = [Path("tests/test_chat.py")]
    assert len(discover(target, root=tmp_path, exclude=DEFAULT_EXCLUDE, cwd=tmp_path)) == 1
    forced = discover(
        target, root=tmp_path, exclude=DEFAULT_EXCLUDE, force_exclude=True, cwd=tmp_path
    )
    assert forced == []


def test_paths_are_shown_relative_to_the_working_directory(tmp_path: Path) -> None:
    touch(tmp_path, "app/main.py")
    files = discover([Path(".")], root=tmp_path, exclude=(), cwd=tmp_path / "app")
    assert [source.display for source in files] == ["main.py"]
    assert shown(files) == ["app/main.py"]


def test_duplicates_are_checked_once(tmp_path: Path) -> None:
    touch(tmp_path, "app/main.py")
    files = discover(
        [tmp_path, tmp_path / "app", tmp_path / "app" / "main.py"],
        root=tmp_path,
        exclude=(),
        cwd=tmp_path,
    )
    assert shown(files) == ["app/main.py"]


def test_missing_path_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        discover([Path("nope")], root=tmp_path, exclude=(), cwd=tmp_path)
    assert caught.value.code == "bad_path"
