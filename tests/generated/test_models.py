"""`scaffold model` output runs for real: relationships on both sides, ON DELETE actions,
many-to-many links, composite constraints, checks and soft delete, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PYTHON, fresh_postgres_database, run_cli
from tests.generated.toolchain import lint_and_typecheck, migrate_and_test, run_in

pytestmark = pytest.mark.slow

COMMANDS = [
    ["crud", "Author", "name:str(80)"],
    ["crud", "Book", "title:str(200)", "author:ref(Author):cascade",
     "editor:ref(Author):set-null?"],
    ["crud", "Note", "body:text", "--soft-delete"],
    [
        "model", "Tag", "name:str(40)", "color:str(20)?", "--many-to-many", "Book",
        "--unique", "name,color", "--index", "color,name", "--check", "length(name) > 0",
    ],
    ["model", "Review", "book:ref(Book):restrict", "stars:int",
     "--check", "stars >= 1 AND stars <= 5"],
]  # fmt: skip

# Exercises the models in the project's own interpreter, against its migrated database.
SCRIPT = """
import sys
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from app.db import make_engine
from app.models import Author, Book, Review, Tag
from app.models.tag import TagBookLink

engine = make_engine(sys.argv[1])
with Session(engine) as s:
    ann = Author(name="Ann", user_id="u1")
    bob = Author(name="Bob", user_id="u1")
    s.add_all([ann, bob]); s.commit()
    book = Book(title="T", author_id=ann.id, editor_id=bob.id, user_id="u1")
    tag = Tag(name="sci-fi", user_id="u1")
    tag.books.append(book)
    s.add_all([book, tag]); s.commit()
    s.refresh(ann); s.refresh(book); s.refresh(tag)
    book_id, tag_id = book.id, tag.id
    assert [b.title for b in ann.author_books] == ["T"], ann.author_books
    assert [b.title for b in bob.editor_books] == ["T"]
    assert [t.name for t in book.tags] == ["sci-fi"] and [b.id for b in tag.books] == [book.id]
    try:
        s.add(Review(book_id=book.id, stars=9, user_id="u1")); s.commit()
        raise SystemExit("check constraint not enforced")
    except IntegrityError:
        s.rollback()
    s.add(Review(book_id=book.id, stars=5, user_id="u1")); s.commit()
    try:
        s.delete(s.get(Book, book.id)); s.commit()
        raise SystemExit("ON DELETE RESTRICT not enforced")
    except IntegrityError:
        s.rollback()
    for review in s.exec(select(Review)).all():
        s.delete(review)
    s.commit()
    s.delete(s.get(Author, bob.id)); s.commit()  # SET NULL on editor_id
    assert s.get(Book, book.id).editor_id is None
    s.delete(s.get(Author, ann.id)); s.commit()  # CASCADE to the book and its links
    s.expunge_all()
    assert s.get(Book, book_id) is None
    assert s.exec(select(TagBookLink)).all() == []
    assert s.get(Tag, tag_id) is not None
print("relations ok")
"""


@pytest.fixture(scope="module")
def modelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("models") / "library"
    assert run_cli("new", str(root)).exit_code == 0
    for command in COMMANDS:
        result = run_cli(*command, cwd=root)
        assert result.exit_code == 0, result.stderr
    return root


def test_ruff_and_mypy_strict_pass(modelled: Path) -> None:
    lint_and_typecheck(modelled)


def test_sqlite(modelled: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    migrate_and_test(modelled, url)
    assert "relations ok" in run_in(modelled, [PYTHON, "-c", SCRIPT, url], url)


def test_postgresql(modelled: Path, postgres_admin_url: str) -> None:
    for url in fresh_postgres_database(postgres_admin_url):
        migrate_and_test(modelled, url)
        driver_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        assert "relations ok" in run_in(modelled, [PYTHON, "-c", SCRIPT, driver_url], url)
