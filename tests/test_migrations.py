from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.engine.migrations import current_head, read_revisions
from scaffold.errors import ProjectError


def _revision(folder: Path, rev: str, down: str | tuple[str, ...] | None) -> None:
    (folder / f"{rev}_x.py").write_text(f"revision = {rev!r}\ndown_revision = {down!r}\n")


def test_heads_follow_the_graph(tmp_path: Path) -> None:
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    assert current_head(tmp_path) is None
    _revision(versions, "a1", None)
    _revision(versions, "b2", "a1")
    assert current_head(tmp_path) == "b2"
    _revision(versions, "c3", "a1")
    with pytest.raises(ProjectError, match="2 heads"):
        current_head(tmp_path)
    _revision(versions, "d4", ("b2", "c3"))
    assert current_head(tmp_path) == "d4"
    assert read_revisions(tmp_path)["d4"] == ("b2", "c3")


def test_typed_assignments_are_read(tmp_path: Path) -> None:
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    (versions / "a.py").write_text('revision: str = "a"\ndown_revision: str | None = None\n')
    assert current_head(tmp_path) == "a"


def test_missing_folder_and_broken_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="alembic/versions/ is missing"):
        current_head(tmp_path)
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    (versions / "bad.py").write_text("revision = (\n")
    with pytest.raises(ProjectError, match="does not parse"):
        current_head(tmp_path)
