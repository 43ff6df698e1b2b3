"""`scaffold model`: options validated before anything is written; both sides of relations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, snapshot


def _setup(project: Path) -> None:
    assert run_cli("crud", "Author", "name:str", cwd=project).exit_code == 0
    assert (
        run_cli(
            "crud", "Book", "title:str(200)", "author:ref(Author):cascade", cwd=project
        ).exit_code
        == 0
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Tag", "name:str", "--index", "name"], "composite ones need two or more"),
        (["Tag", "name:str", "label:str", "--unique", "name,nope"], "has no column 'nope'"),
        (["Tag", "name:str", "--check", "size > 0"], "'size' is not a column of Tag"),
        (["Tag", "name:str", "--check", "name; DROP TABLE x"], "cannot read it"),
        (["Tag", "name:str", "--many-to-many", "Missing"], "no resource Missing"),
        (["Tag", "name:str", "--many-to-many", "Tag"], "cannot link to itself"),
        (["Tag", "owner:ref(Author):set-null"], ":set-null needs an optional field"),
        (["Tag", "name:str:cascade"], "applies to ref fields only"),
        (["Tag", "a:ref(Author):cascade:restrict?"], "on-delete modifiers"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(project: Path, args: list[str], message: str) -> None:
    _setup(project)
    before = snapshot(project)
    result = run_cli("model", *args, cwd=project)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert snapshot(project) == before


def test_model_writes_model_schemas_migration_and_both_sides(project: Path) -> None:
    _setup(project)
    result = run_cli(
        "model", "Tag", "name:str(40)", "color:str(20)?",
        "--many-to-many", "Book", "--unique", "name,color", "--index", "color,name",
        "--check", "length(name) > 0", "--soft-delete",
        cwd=project,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert not (project / "app/api/tag.py").exists()
    assert not (project / "tests/test_tag.py").exists()
    assert "tag_router" not in (project / "app/main.py").read_text()
    tag = (project / "app/models/tag.py").read_text()
    assert "class TagBookLink(SQLModel, table=True):" in tag
    assert 'UniqueConstraint("user_id", "name", "color")' in tag
    assert 'Index("ix_tag_color_name", "color", "name")' in tag
    assert 'CheckConstraint("length(name) > 0", name="length_name_gt_0")' in tag
    assert "deleted_at: datetime | None" in tag
    book = (project / "app/models/book.py").read_text()
    assert "from app.models.tag import TagBookLink" in book
    assert (
        'tags: list["Tag"] = Relationship(back_populates="books", link_model=TagBookLink)' in book
    )
    author = (project / "app/models/author.py").read_text()
    assert 'books: list["Book"] = Relationship(' in author
    manifest = json.loads((project / ".scaffold/manifest.json").read_text())
    assert manifest["resources"]["Tag"]["options"]["many_to_many"] == ["Book"]
    assert manifest["resources"]["Tag"]["generator"] == "sqlmodel-schema-builder"

    again = run_cli(
        "model", "Tag", "name:str(40)", "color:str(20)?",
        "--many-to-many", "Book", "--unique", "name,color", "--index", "color,name",
        "--check", "length(name) > 0", "--soft-delete",
        cwd=project,
    )  # fmt: skip
    assert again.exit_code == 0
    assert "nothing to do" in again.stdout


def test_destroying_the_linking_model_restores_the_other_side(project: Path) -> None:
    _setup(project)
    before = snapshot(project)
    assert run_cli("model", "Tag", "name:str", "--many-to-many", "Book", cwd=project).exit_code == 0
    assert run_cli("destroy", "Book", cwd=project).exit_code == 2  # Tag links to it
    result = run_cli("destroy", "Tag", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert "update  app/models/book.py" in result.stdout
    assert snapshot(project) == before
