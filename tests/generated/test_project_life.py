"""The whole life of a project's data model, on SQLite and on PostgreSQL.

Two related models; rows inserted at the start; then a field added with a default, a field
renamed, a type changed with conversion, a composite index, a field removed. After every step
`scaffold migrate check` is clean, `scaffold migrate test` passes and the first rows are still
there with their values; at the end the project's own tests pass. (Each field step's code is
tested on both databases by test_field_lifecycle; here the point is the data and the history.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import PYTHON, fresh_postgres_database, run_cli
from tests.generated.toolchain import run_in, run_tests

pytestmark = pytest.mark.slow

AUTHOR = ["Author", "name:str(80)"]
BOOK = ["Book", "title:str(200)", "author:ref(Author):cascade", "rating:int?", "summary:text?"]


class Life:
    """One project and the database its rows live in."""

    def __init__(self, root: Path, url: str, scratch_server: str | None) -> None:
        self.root, self.url, self.scratch_server = root, url, scratch_server
        self.engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))

    def scaffold(self, *args: str, code: int = 0) -> str:
        result = run_cli(*args, cwd=self.root)
        assert result.exit_code == code, (
            f"scaffold {' '.join(args)}:\n{result.stdout}{result.stderr}"
        )
        return result.stdout

    def db_args(self) -> list[str]:
        return ["--db", self.scratch_server] if self.scratch_server else []

    def upgrade(self) -> None:
        run_in(self.root, [PYTHON, "-m", "alembic", "upgrade", "head"], self.url)

    def verify(
        self, expected_books: list[dict[str, object]], *, run_project_tests: bool = False
    ) -> None:
        check = json.loads(self.scaffold("migrate", "check", "--json", *self.db_args()))
        assert check["data"]["ok"] is True and check["data"]["differences"] == [], check
        tested = json.loads(self.scaffold("migrate", "test", "--json", *self.db_args()))
        assert tested["data"]["ok"] is True, tested
        assert all(r["status"] == "pass" for r in tested["data"]["revisions"]), tested
        if run_project_tests:
            run_tests(self.root, self.url)
        columns = list(expected_books[0])
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.text(f"SELECT {', '.join(columns)} FROM book ORDER BY id")
            ).mappings()
            assert [dict(row) for row in rows] == expected_books

    def edit_model(self, old: str, new: str) -> None:
        path = self.root / "app/models/book.py"
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))


@pytest.fixture(params=["sqlite", "postgresql"])
def life(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Life]:
    root = tmp_path / "library"
    assert run_cli("new", str(root)).exit_code == 0
    if request.param == "sqlite":
        yield Life(root, f"sqlite:///{tmp_path / 'library.db'}", None)
        return
    admin = request.getfixturevalue("postgres_admin_url")
    for url in fresh_postgres_database(admin):
        life = Life(root, url, admin)
        yield life
        life.engine.dispose()


def test_a_data_model_grows_without_losing_a_row(life: Life) -> None:
    life.scaffold("crud", *AUTHOR)
    life.scaffold("crud", *BOOK)
    life.upgrade()
    with life.engine.begin() as connection:
        now = "2024-01-01 00:00:00+00:00"
        # No explicit ids: PostgreSQL's sequences must stay in step for the app's own inserts.
        connection.execute(
            sa.text(
                "INSERT INTO author (name, user_id, created_at, updated_at) "
                "VALUES ('Ann', 'u1', :now, :now)"
            ),
            {"now": now},
        )
        author_id = connection.execute(sa.text("SELECT id FROM author")).scalar_one()
        for title, rating, summary in [("Dune", 5, "Sand"), ("Emma", 4, None)]:
            connection.execute(
                sa.text(
                    "INSERT INTO book (title, author_id, rating, summary, user_id, created_at, "
                    "updated_at) VALUES (:title, :author, :rating, :summary, 'u1', :now, :now)"
                ),
                {
                    "title": title,
                    "author": author_id,
                    "rating": rating,
                    "summary": summary,
                    "now": now,
                },
            )
        ids = connection.execute(sa.text("SELECT id FROM book ORDER BY id")).scalars().all()
    books = [
        {"id": ids[0], "title": "Dune", "rating": 5, "summary": "Sand"},
        {"id": ids[1], "title": "Emma", "rating": 4, "summary": None},
    ]
    life.verify(books)

    life.scaffold("field", "add", "Book", "pages:int=100")
    life.upgrade()
    books = [{**book, "pages": 100} for book in books]
    life.verify(books)

    life.scaffold("field", "rename", "Book", "summary", "blurb")
    life.upgrade()
    books = [{k if k != "summary" else "blurb": v for k, v in book.items()} for book in books]
    life.verify(books)

    # A column type changed by hand (the API's int stays), converted by the migration that
    # `migrate make` writes.
    life.edit_model(
        "from sqlmodel import", "from sqlalchemy import BigInteger\nfrom sqlmodel import"
    )
    life.edit_model(
        "rating: int | None = Field(", "rating: int | None = Field(sa_type=BigInteger, "
    )
    life.scaffold("migrate", "make", "rating as bigint", *life.db_args())
    life.upgrade()
    life.verify(books)

    life.edit_model(
        "    __table_args__ = (\n",
        '    __table_args__ = (\n        Index("ix_book_title_rating", "title", "rating"),\n',
    )
    life.scaffold("migrate", "make", "index title and rating", *life.db_args())
    life.upgrade()
    life.verify(books)

    life.scaffold(
        "field", "remove", "Book", "pages", code=2
    )  # destructive: refused without the flag
    life.scaffold("field", "remove", "Book", "pages", "--allow-destructive")
    life.upgrade()
    books = [{k: v for k, v in book.items() if k != "pages"} for book in books]
    life.verify(books, run_project_tests=True)
