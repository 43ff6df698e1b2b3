"""`scaffold migrate test`: per revision, upgrade, rows in, down one step, up again, and the
columns the revision did not touch keep their values."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import run_cli, snapshot
from tests.migrate.wizard import edit_model, shop, versions


def migrate_test(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("migrate", "test", *args, cwd=root)
    return result.exit_code, result.stdout, result.stderr


def _with_history(root: Path) -> None:
    """Three more revisions: a second table, an added column, a widened type."""
    assert run_cli("crud", "Supplier", "name:str(80)", "rank:int?", cwd=root).exit_code == 0
    edit_model(root, "    weight: float\n", "    weight: float\n    rating: int | None = None\n")
    assert run_cli("migrate", "make", "add rating", cwd=root).exit_code == 0
    edit_model(root, "Field(max_length=120)", "Field(max_length=200)")
    assert run_cli("migrate", "make", "widen name", cwd=root).exit_code == 0


def test_every_revision_round_trips_and_keeps_untouched_columns(tmp_path: Path) -> None:
    root = shop(tmp_path)
    _with_history(root)
    before = snapshot(root)
    code, out, err = migrate_test(root, "--json")
    assert code == 0, out + err
    data = json.loads(out)["data"]
    assert data["ok"] is True and data["dialect"] == "sqlite"
    reports = data["revisions"]
    assert [r["message"] for r in reports] == [
        "create product table",
        "create supplier table",
        "add rating",
        "widen name",
    ]
    assert all(r["status"] == "pass" and not r["notes"] for r in reports)
    assert reports[0]["checked"] == 0 and reports[0]["exempt"] == ["product (created)"]
    # The added column is exempt, every other column of both tables is compared.
    assert reports[2]["exempt"] == ["product.rating (added)"]
    assert "product.weight" not in reports[2]["exempt"] and reports[2]["checked"] >= 14
    assert reports[3]["exempt"] == ["product.name (altered)"]
    assert snapshot(root) == before  # nothing in the project, no app.db


def test_text_output_reports_per_revision(tmp_path: Path) -> None:
    root = shop(tmp_path)
    code, out, _ = migrate_test(root)
    assert code == 0
    assert re.search(r"pass  \w{12}  create product table  \(0 columns kept, 1 exempt\)", out)
    assert "ok: 1 revision(s) round-trip (sqlite)." in out


LOSSY = '''"""reset names"""

from alembic import op

revision = "dead00000001"
down_revision = "{down}"


def upgrade() -> None:
    op.execute("UPDATE product SET name = 'reset'")


def downgrade() -> None:
    pass
'''


def test_a_revision_that_changes_untouched_data_fails(tmp_path: Path) -> None:
    root = shop(tmp_path)
    (first,) = versions(root)
    head = first.split("_", 1)[0]
    (root / "alembic" / "versions" / "dead00000001_reset_names.py").write_text(
        LOSSY.format(down=head)
    )
    code, out, _ = migrate_test(root, "--json")
    assert code == 1
    report = json.loads(out)["data"]["revisions"][1]
    assert report["status"] == "fail"
    assert report["changed"] == ["product.name: values changed"]
    code, out, _ = migrate_test(root)
    assert code == 1 and "changed: product.name: values changed" in out


BROKEN_DOWNGRADE = '''"""drop a table that is not there"""

from alembic import op

revision = "dead00000002"
down_revision = "{down}"


def upgrade() -> None:
    pass


def downgrade() -> None:
    op.drop_table("no_such_table")
'''


def test_a_downgrade_that_fails_is_reported_at_its_revision(tmp_path: Path) -> None:
    root = shop(tmp_path)
    (first,) = versions(root)
    (root / "alembic" / "versions" / "dead00000002_broken.py").write_text(
        BROKEN_DOWNGRADE.format(down=first.split("_", 1)[0])
    )
    code, out, _ = migrate_test(root)
    assert code == 1
    assert "fail  dead00000002" in out
    assert "downgrade of dead00000002 failed: alembic/versions/dead00000002_broken.py:14:" in out


def test_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    root = shop(tmp_path)
    code, _, err = migrate_test(root, "--db", "mysql://x/y")
    assert code == 2 and err.count("\n") == 1
    code, _, err = migrate_test(root, "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2 and err.count("\n") == 1 and "cannot create a scratch database" in err
    (root / "alembic.ini").unlink()
    code, _, err = migrate_test(root)
    assert code == 2 and "alembic.ini is missing" in err


@pytest.mark.slow
def test_round_trips_on_postgresql(tmp_path: Path, postgres_admin_url: str) -> None:
    root = shop(tmp_path)
    _with_history(root)
    code, out, err = migrate_test(root, "--db", postgres_admin_url, "--json")
    assert code == 0, out + err
    data = json.loads(out)["data"]
    assert data["dialect"] == "postgresql" and len(data["revisions"]) == 4
    assert all(r["status"] == "pass" and not r["notes"] for r in data["revisions"])


BRANCH = '''"""branch {name}"""

import sqlalchemy as sa

from alembic import op

revision = "{revision}"
down_revision = {down!r}


def upgrade() -> None:
    op.create_table(
        "{name}", sa.Column("id", sa.Integer, primary_key=True), sa.Column("v", sa.String(10))
    )


def downgrade() -> None:
    op.drop_table("{name}")
'''

MERGE = '''"""merge"""

revision = "3e3e3e3e3e3e"
down_revision = ("b1b1b1b1b1b1", "c1c1c1c1c1c1")


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
'''


def _branches(root: Path) -> None:
    (first,) = versions(root)
    head = first.split("_", 1)[0]
    for name, revision in (("left", "b1b1b1b1b1b1"), ("right", "c1c1c1c1c1c1")):
        (root / "alembic" / "versions" / f"{revision}_{name}.py").write_text(
            BRANCH.format(name=name, revision=revision, down=head)
        )


def test_two_heads_are_refused_and_a_merged_history_round_trips(tmp_path: Path) -> None:
    root = shop(tmp_path)
    _branches(root)
    code, _, err = migrate_test(root)
    assert code == 2 and err.count("\n") == 1 and "the migrations have 2 heads" in err
    (root / "alembic" / "versions" / "3e3e3e3e3e3e_merge.py").write_text(MERGE)
    code, out, err = migrate_test(root, "--json")
    assert code == 0, out + err
    reports = json.loads(out)["data"]["revisions"]
    assert [r["revision"] for r in reports][-1] == "3e3e3e3e3e3e"
    assert all(r["status"] == "pass" for r in reports)
    # The merge changes nothing: every column of the three tables is compared, none exempt.
    assert reports[-1]["exempt"] == [] and reports[-1]["checked"] == 8 + 2 + 2
