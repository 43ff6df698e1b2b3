"""`scaffold migrate check`: models that disagree with the migrations, and several heads."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli, snapshot
from tests.migrate.wizard import edit_model, shop, versions


def check(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("migrate", "check", *args, cwd=root)
    return result.exit_code, result.stdout, result.stderr


def test_a_generated_project_is_clean(tmp_path: Path) -> None:
    root = shop(tmp_path)
    before = snapshot(root)
    code, out, err = check(root)
    assert code == 0, out + err
    assert "ok: the models match the migrations (sqlite), one head." in out
    assert snapshot(root) == before


def test_a_model_edited_by_hand_without_a_migration_is_caught(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, "    weight: float\n", "    weight: float\n    rating: int | None = None\n")
    edit_model(root, "Field(max_length=120)", "Field(max_length=200)")
    before = snapshot(root)
    code, out, _ = check(root)
    assert code == 1
    assert "add column product.rating (INTEGER, nullable)" in out
    assert "alter column product.name: type VARCHAR(120) -> VARCHAR(200)" in out
    assert 'fix: scaffold migrate make "describe the change"' in out
    code, out, _ = check(root, "--json")
    assert code == 1
    data = json.loads(out)["data"]
    assert data["ok"] is False and data["multiple_heads"] is False
    assert "add column product.rating (INTEGER, nullable)" in data["differences"]
    assert snapshot(root) == before


def test_made_migrations_make_it_clean_again(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, "    weight: float\n", "    weight: float\n    rating: int | None = None\n")
    assert check(root)[0] == 1
    assert run_cli("migrate", "make", "add rating", cwd=root).exit_code == 0
    assert check(root)[0] == 0


def _branch(root: Path) -> str:
    """A second migration on the same parent as the existing head: two heads."""
    (first,) = versions(root)
    source = (root / "alembic" / "versions" / first).read_text()
    head = re.search(r'^revision: str = "(\w+)"', source, re.M)
    assert head is not None
    branch = (
        '"""branch"""\n\nfrom alembic import op\n\n'
        f'revision = "b0b0b0b0b0b0"\ndown_revision = "{head[1]}"\n\n\n'
        'def upgrade() -> None:\n    op.execute("SELECT 1")\n\n\n'
        "def downgrade() -> None:\n    pass\n"
    )
    other = branch.replace("b0b0b0b0b0b0", "c0c0c0c0c0c0")
    (root / "alembic" / "versions" / "b0b0b0b0b0b0_branch.py").write_text(branch)
    (root / "alembic" / "versions" / "c0c0c0c0c0c0_branch.py").write_text(other)
    return head[1]


def test_a_branch_with_two_heads_is_caught(tmp_path: Path) -> None:
    root = shop(tmp_path)
    _branch(root)
    code, out, _ = check(root)
    assert code == 1
    assert "2 heads (b0b0b0b0b0b0, c0c0c0c0c0c0)" in out
    assert "alembic merge heads" in out
    code, out, _ = check(root, "--json")
    data = json.loads(out)["data"]
    assert code == 1 and data["multiple_heads"] is True
    assert data["heads"] == ["b0b0b0b0b0b0", "c0c0c0c0c0c0"]
    assert data["differences"] == []  # the models do match: only the heads are wrong


def test_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    code, _, err = check(tmp_path)
    assert code == 2 and err.count("\n") == 1
    root = shop(tmp_path)
    code, _, err = check(root, "--db", "oracle://scott@db/x")
    assert code == 2 and err.count("\n") == 1 and "not a PostgreSQL server URL" in err
    code, _, err = check(root, "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2 and err.count("\n") == 1 and "cannot create a scratch database" in err
    (root / "app" / "models" / "product.py").write_text("class Broken(:\n")
    code, _, err = check(root)
    assert code == 2 and err.count("\n") == 1
    assert "app/models/product.py:1: SyntaxError" in err
    shutil.rmtree(root / "alembic" / "versions")
    code, _, err = check(root, "--json")
    assert code == 2


@pytest.mark.slow
def test_check_on_postgresql(tmp_path: Path, postgres_admin_url: str) -> None:
    root = shop(tmp_path)
    code, out, err = check(root, "--db", postgres_admin_url)
    assert code == 0, out + err
    assert "(postgresql)" in out
    edit_model(root, "    weight: float\n", "    weight: float\n    rating: int | None = None\n")
    code, out, _ = check(root, "--db", postgres_admin_url)
    assert code == 1 and "add column product.rating (INTEGER, nullable)" in out
