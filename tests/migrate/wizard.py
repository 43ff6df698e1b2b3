"""Shared by the make/check/test tests: a generated project with one resource, edited by hand
as a user would, and the project's own Alembic run in subprocesses."""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

from tests.conftest import PYTHON, run_cli
from tests.generated.toolchain import run_in

PRODUCT = ["Product", "name:str(120)", "weight:float", "notes:text?", "status:enum(new|sold)=new"]
PLAIN = {
    "weight": "    weight: float\n",
    "notes": "    notes: str | None = Field(default=None, sa_type=Text)\n",
}


@functools.cache
def _template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="scaffold-migrate-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    root = folder / "shop"
    assert run_cli("new", str(root)).exit_code == 0
    result = run_cli("crud", *PRODUCT, cwd=root)
    assert result.exit_code == 0, result.stderr
    # The tests' edits anchor on these declarations: they are made plain (what pydantic checks
    # changes with the generator, the columns do not).
    model = root / "app" / "models" / "product.py"
    text = model.read_text(encoding="utf-8")
    for name, plain in PLAIN.items():
        text = re.sub(rf"^    {name}: .*?\n(?=    \w)", plain, text, count=1, flags=re.M | re.S)
    model.write_text(text, encoding="utf-8")
    return root


def shop(tmp_path: Path) -> Path:
    """A fresh copy of a project with the Product resource and its migration."""
    copy = tmp_path / "shop"
    shutil.copytree(_template(), copy)
    return copy


def edit_model(root: Path, old: str, new: str, model: str = "product") -> None:
    """Edit app/models/<model>.py as a user would: replace one exact piece of text."""
    path = root / "app" / "models" / f"{model}.py"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def alembic(root: Path, *args: str, database_url: str | None = None) -> str:
    url = database_url or f"sqlite:///{root / 'app.db'}"
    return run_in(root, [PYTHON, "-m", "alembic", *args], url)


def versions(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "alembic" / "versions").glob("*.py"))


def sqlite_rows(root: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(root / "app.db") as connection:
        return connection.execute(query).fetchall()


PRODUCT_ROW = (
    "INSERT INTO product (name, weight, notes, status, created_at, updated_at, user_id) "
    "VALUES ('{name}', {weight}, NULL, 'new', '2024-01-01 00:00:00', '2024-01-01 00:00:00', 'u1')"
)
