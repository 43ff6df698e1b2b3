"""`scaffold model` output runs for real: relationships on both sides, ON DELETE actions,
many-to-many links, composite constraints, checks and soft delete, the indexes of the table
layout and the CHECK constraints of enums and field rules, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PYTHON, fresh_postgres_database, run_cli
from tests.generated.schema_check import assert_schema_matches_models
from tests.generated.toolchain import lint_and_typecheck, migrate_and_test, run_in

pytestmark = pytest.mark.slow

COMMANDS = [
    ["crud", "Author", "name:str(80)"],
    ["crud", "Book", "title:str(200)", "author:ref(Author):cascade",
     "editor:ref(Author):set-null?"],
    [
        "crud", "Note", "body:text", "status:enum(open|done)=open", "priority:int:min(1):max(5)=3",
        "code:str(12):min_length(2):pattern(^[A-Z]+-[0-9]+$)?",
        "due:datetime:min(2024-01-01T00:00:00Z)?", "day:date:max(2030-12-31)?",
        "cost:decimal(8,2):min(0)?", "weight:float:max(99.5)?", "--soft-delete",
    ],
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

# Rows another client writes straight into the database: each bad value is refused there.
CONSTRAINTS = """
import sys
import sqlalchemy as sa
from app.db import make_engine

engine = make_engine(sys.argv[1])
# A timestamp as each database holds it: SQLite as UTC text in SQLAlchemy's form.
offset = "" if engine.dialect.name == "sqlite" else "+00:00"
good = {
    "body": "'b'", "status": "'open'", "priority": "3", "code": "'AB-12'",
    "due": f"'2024-01-01 00:00:00.000000{offset}'", "day": "'2030-12-31'", "cost": "0",
    "weight": "99.5",
    "user_id": "'u1'", "created_at": "'2024-01-01 00:00:00+00:00'",
    "updated_at": "'2024-01-01 00:00:00+00:00'",
}
bad = [
    ("status", "'shut'"), ("priority", "0"), ("priority", "6"), ("code", "'A'"),
    ("code", "'ab-12'"), ("due", f"'2023-12-31 23:59:59.999999{offset}'"), ("day", "'2031-01-01'"),
    ("cost", "-0.01"), ("weight", "99.6"),
]
def insert(row):
    sql = f"INSERT INTO note ({', '.join(row)}) VALUES ({', '.join(row.values())})"
    with engine.begin() as connection:
        connection.execute(sa.text(sql))
insert(good)  # the bounds themselves are allowed
for column, value in bad:
    try:
        insert({**good, column: value})
    except sa.exc.IntegrityError:
        continue
    raise SystemExit(f"note.{column} = {value} was not refused")
print("constraints ok")
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


def test_the_indexes_follow_the_queries(modelled: Path) -> None:
    book = (modelled / "app/models/book.py").read_text()
    # No single-column index: the owner's list order, and each foreign key led by its column.
    assert "user_id: str = Field(max_length=255)\n" in book
    for index in (
        'Index("ix_book_user_id_id", "user_id", "id")',
        'Index("ix_book_author_id_id", "author_id", "id")',
        'Index("ix_book_editor_id_id", "editor_id", "id")',
    ):
        assert index in book, index
    assert "index=True" not in book
    note = (modelled / "app/models/note.py").read_text()
    assert 'postgresql_where=sa.text("deleted_at IS NULL")' in note  # soft delete: partial
    tag = (modelled / "app/models/tag.py").read_text()
    assert '"ix_tag_book_link_book_id_tag_id", "book_id", "tag_id"' in tag


def _run_scripts(root: Path, url: str) -> None:
    driver_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    assert_schema_matches_models(root, url)
    assert "relations ok" in run_in(root, [PYTHON, "-c", SCRIPT, driver_url], url)
    assert "constraints ok" in run_in(root, [PYTHON, "-c", CONSTRAINTS, driver_url], url)


def test_sqlite(modelled: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    migrate_and_test(modelled, url)
    _run_scripts(modelled, url)


def test_postgresql(modelled: Path, postgres_admin_url: str) -> None:
    for url in fresh_postgres_database(postgres_admin_url):
        migrate_and_test(modelled, url)
        _run_scripts(modelled, url)
