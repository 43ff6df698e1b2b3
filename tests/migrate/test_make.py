"""`scaffold migrate make`: autogenerate against a scratch database, reviewed before writing.

The models are edited by hand as a user would; the written migrations are run by the project's
own Alembic (upgrade with rows in the table, `alembic check`, downgrade) on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from scaffold.migrate.review import is_widening
from tests.conftest import run_cli, snapshot
from tests.migrate.wizard import PRODUCT_ROW, alembic, edit_model, shop, sqlite_rows, versions

WEIGHT = "    weight: float\n"


def make(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("migrate", "make", *args, cwd=root)
    return result.exit_code, result.stdout, result.stderr


def test_an_added_optional_field_becomes_a_migration_that_matches_the_models(
    tmp_path: Path,
) -> None:
    root = shop(tmp_path)
    edit_model(
        root, WEIGHT, WEIGHT + "    color: str | None = Field(default=None, max_length=30)\n"
    )
    before = versions(root)
    code, out, err = make(root, "add color to product")
    assert code == 0, err
    assert "add column product.color (VARCHAR(30), nullable)" in out
    added = sorted(set(versions(root)) - set(before))
    assert len(added) == 1 and added[0].endswith("_add_color_to_product.py")
    text = (root / "alembic" / "versions" / added[0]).read_text()
    assert "batch_op.add_column(" in text and '"color"' in text  # ruff-formatted, batch mode
    alembic(root, "upgrade", "head")
    assert "No new upgrade operations detected" in alembic(root, "check")
    alembic(root, "downgrade", "-1")
    # Made twice: nothing new to write.
    alembic(root, "upgrade", "head")
    assert make(root, "again")[0] == 0
    assert versions(root) == sorted([*before, added[0]])


def test_no_change_writes_nothing(tmp_path: Path) -> None:
    root = shop(tmp_path)
    before = snapshot(root)
    code, out, _ = make(root, "nothing")
    assert code == 0 and "nothing to do" in out
    assert snapshot(root) == before


def test_dry_run_shows_the_migration_and_writes_nothing(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, WEIGHT, WEIGHT + "    rating: int | None = None\n")
    before = snapshot(root)
    code, out, _ = make(root, "add rating", "--dry-run")
    assert code == 0
    assert '+        batch_op.add_column(sa.Column("rating", sa.Integer(), nullable=True))' in out
    assert snapshot(root) == before


def test_a_dropped_column_is_refused_without_allow_destructive(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, WEIGHT, "")
    before = snapshot(root)
    code, _, err = make(root, "drop weight")
    assert code == 1
    assert "refused: drop column product.weight: its values are deleted" in err
    assert "no migration was written" in err
    assert snapshot(root) == before

    code, _, err = make(root, "drop weight", "--allow-destructive")
    assert code == 0, err
    assert len(versions(root)) == 2
    alembic(root, "upgrade", "head")
    assert "No new upgrade operations detected" in alembic(root, "check")


def test_a_dropped_table_is_refused(tmp_path: Path) -> None:
    root = shop(tmp_path)
    init = root / "app" / "models" / "__init__.py"
    init.write_text(
        init.read_text()
        .replace("from app.models.product import Product\n", "")
        .replace('"Product", ', "")
    )
    (root / "app" / "models" / "product.py").unlink()
    before = snapshot(root)
    code, out, _ = make(root, "drop product", "--json")
    assert code == 1
    data = json.loads(out)["data"]
    assert data["refused"] is True and data["written"] == []
    assert [f["kind"] for f in data["findings"]] == ["destructive"]
    assert "drop table product" in data["findings"][0]["message"]
    assert snapshot(root) == before


def test_drop_plus_add_of_the_same_type_is_reported_as_a_rename(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, WEIGHT, "    mass: float\n")
    before = snapshot(root)
    code, out, _ = make(root, "rename weight", "--json")
    assert code == 1
    (finding,) = json.loads(out)["data"]["findings"]
    assert finding["kind"] == "rename"
    assert "looks like a rename" in finding["message"]
    assert finding["fix"].startswith("scaffold field rename Product weight mass")
    assert snapshot(root) == before


def test_a_required_field_without_a_server_default_is_refused_with_the_fix(
    tmp_path: Path,
) -> None:
    root = shop(tmp_path)
    edit_model(root, WEIGHT, WEIGHT + "    stock: int = Field(default=0)\n")
    before = snapshot(root)
    for extra in ([], ["--allow-destructive"]):  # the upgrade would fail: never allowed
        code, _, err = make(root, "add stock", *extra)
        assert code == 1
        assert "product.stock is NOT NULL without a server default" in err
        assert 'sa_column_kwargs={"server_default": "..."}' in err
        assert snapshot(root) == before


def test_a_required_field_with_a_server_default_upgrades_a_table_with_rows(
    tmp_path: Path,
) -> None:
    root = shop(tmp_path)
    alembic(root, "upgrade", "head")
    sqlite_rows(root, PRODUCT_ROW.format(name="kept", weight=1.5))
    edit_model(
        root,
        WEIGHT,
        WEIGHT + '    stock: int = Field(default=0, sa_column_kwargs={"server_default": "0"})\n',
    )
    code, _, err = make(root, "add stock")
    assert code == 0, err
    alembic(root, "upgrade", "head")
    assert sqlite_rows(root, "SELECT name, stock FROM product") == [("kept", 0)]
    assert "No new upgrade operations detected" in alembic(root, "check")


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        (
            "    name: str = Field(max_length=120)",
            "    name: str = Field(max_length=50)",
            "VARCHAR(120) -> VARCHAR(50)",
        ),
        (
            "    notes: str | None = Field(default=None, sa_type=Text)",
            "    notes: str | None = Field(default=None, max_length=50)",
            "TEXT -> VARCHAR(50)",
        ),
        ("    weight: float", "    weight: int", "FLOAT -> INTEGER"),
    ],
)
def test_type_narrowing_is_refused(tmp_path: Path, old: str, new: str, change: str) -> None:
    root = shop(tmp_path)
    edit_model(root, old, new)
    before = snapshot(root)
    code, _, err = make(root, "narrow")
    assert code == 1
    assert f"type {change} narrows it" in err
    assert snapshot(root) == before


def test_a_widening_type_change_is_not_refused(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, "Field(max_length=120)", "Field(max_length=200)")
    code, out, err = make(root, "widen name")
    assert code == 0, err
    assert "type VARCHAR(120) -> VARCHAR(200)" in out


def test_enum_value_changes_are_warned_about(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, '    SOLD = "sold"\n', '    SOLD = "sold"\n    LOST = "lost"\n')
    edit_model(root, WEIGHT, WEIGHT + "    rating: int | None = None\n")
    code, out, _ = make(root, "add rating", "--json")
    assert code == 0
    warnings = json.loads(out)["data"]["warnings"]
    assert any("product.status: the enum values (new, sold, lost)" in w for w in warnings)


def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, WEIGHT, WEIGHT + "    rating: int | None = None\n")
    before = snapshot(root)
    cases = [
        (["  "], "the migration message is empty"),
        (["m", "--db", "mysql://root@localhost/db"], "is not a PostgreSQL server URL"),
        (["m", "--db", "postgresql://nobody@127.0.0.1:1/none"], "cannot create a scratch database"),
    ]
    for args, message in cases:
        code, out, err = make(root, *args)
        assert code == 2, (args, out, err)
        assert err.count("\n") == 1 and message in err, err
        assert snapshot(root) == before
    code, out, _ = make(root, "m", "--db", "mysql://x/y", "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "bad_database_url"


def test_models_that_fail_to_import_are_one_line_with_the_place(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(root, WEIGHT, WEIGHT + "    rating: Undefined = None\n")
    before = snapshot(root)
    code, _, err = make(root, "add rating")
    assert code == 2
    assert err.count("\n") == 1
    assert "the project's models fail to import: app/models/product.py:" in err
    assert "NameError: name 'Undefined' is not defined" in err
    assert snapshot(root) == before


def test_no_project_or_no_alembic_folder_is_exit_2(tmp_path: Path) -> None:
    code, _, err = make(tmp_path, "m")
    assert code == 2 and "no scaffold project" in err
    root = shop(tmp_path)
    shutil.rmtree(root / "alembic")
    before = snapshot(root)
    code, _, err = make(root, "m")
    assert code == 2 and "alembic/env.py is missing" in err
    assert snapshot(root) == before


def _conversion_case(root: Path) -> None:
    """A str field, then a float and that str made int: data that converts."""
    edit_model(root, WEIGHT, WEIGHT + "    code: str | None = None\n")
    assert make(root, "add code")[0] == 0


@pytest.mark.slow
def test_type_conversions_run_on_sqlite_with_batch_copy(tmp_path: Path) -> None:
    root = shop(tmp_path)
    _conversion_case(root)
    alembic(root, "upgrade", "head")
    sqlite_rows(root, PRODUCT_ROW.format(name="a", weight=2.0))
    sqlite_rows(root, "UPDATE product SET code = '12'")
    edit_model(
        root,
        WEIGHT + "    code: str | None = None\n",
        "    weight: int\n    code: int | None = None\n",
    )
    code, _, err = make(root, "weight and code to int", "--allow-destructive")
    assert code == 0, err
    newest = max((root / "alembic" / "versions").glob("*_weight_and_code_to_int.py"))
    text = newest.read_text()
    assert "postgresql_using='\"weight\"::INTEGER'" in text
    assert "postgresql_using='\"code\"::INTEGER'" in text
    alembic(root, "upgrade", "head")
    assert sqlite_rows(root, "SELECT weight, typeof(weight), code, typeof(code) FROM product") == [
        (2, "integer", 12, "integer")
    ]
    assert "No new upgrade operations detected" in alembic(root, "check")
    alembic(root, "downgrade", "-1")
    assert sqlite_rows(root, "SELECT weight, code FROM product") == [(2.0, "12")]


@pytest.mark.slow
def test_type_conversions_run_on_postgresql_with_using(
    tmp_path: Path, postgres_database: str, postgres_admin_url: str
) -> None:
    root = shop(tmp_path)
    _conversion_case(root)
    alembic(root, "upgrade", "head", database_url=postgres_database)
    with psycopg.connect(postgres_database, autocommit=True) as connection:
        connection.execute(PRODUCT_ROW.format(name="a", weight=2.0))
        connection.execute("UPDATE product SET code = '12'")
    edit_model(
        root,
        WEIGHT + "    code: str | None = None\n",
        "    weight: int\n    code: int | None = None\n",
    )
    # Made against a scratch database on the server: PostgreSQL ops, USING included.
    code, out, err = make(
        root, "to int", "--allow-destructive", "--db", postgres_admin_url, "--json"
    )
    assert code == 0, err
    scratch = json.loads(out)["data"]["scratch_database"]
    assert scratch.startswith("scaffold_scratch_")
    newest = max((root / "alembic" / "versions").glob("*_to_int.py"))
    assert "batch_alter_table" not in newest.read_text()
    alembic(root, "upgrade", "head", database_url=postgres_database)
    with psycopg.connect(postgres_database) as connection:
        assert connection.execute("SELECT weight, code FROM product").fetchall() == [(2, 12)]
    check = alembic(root, "check", database_url=postgres_database)
    assert "No new upgrade operations detected" in check
    alembic(root, "downgrade", "-1", database_url=postgres_database)
    with psycopg.connect(postgres_database) as connection:
        assert connection.execute("SELECT weight, code FROM product").fetchall() == [(2.0, "12")]
    with psycopg.connect(postgres_admin_url) as connection:
        # This run's own scratch database (other tests may be using theirs right now).
        left = connection.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", (scratch,)
        ).fetchone()
    assert left == (0,)


@pytest.mark.slow
def test_a_sqlite_made_conversion_also_runs_on_postgresql(
    tmp_path: Path, postgres_database: str
) -> None:
    root = shop(tmp_path)
    _conversion_case(root)
    alembic(root, "upgrade", "head", database_url=postgres_database)
    with psycopg.connect(postgres_database, autocommit=True) as connection:
        connection.execute(PRODUCT_ROW.format(name="a", weight=3.0))
        connection.execute("UPDATE product SET code = '7'")
    edit_model(root, "    code: str | None = None\n", "    code: int | None = None\n")
    code, _, err = make(root, "code to int", "--allow-destructive")  # str -> int may fail
    assert code == 0, err
    alembic(root, "upgrade", "head", database_url=postgres_database)
    with psycopg.connect(postgres_database) as connection:
        assert connection.execute("SELECT code FROM product").fetchall() == [(7,)]
    alembic(root, "downgrade", "-1", database_url=postgres_database)


def test_dropping_the_server_default_of_a_required_column_is_refused(tmp_path: Path) -> None:
    root = shop(tmp_path)
    with_default = '    stock: int = Field(default=0, sa_column_kwargs={"server_default": "0"})\n'
    edit_model(root, WEIGHT, WEIGHT + with_default)
    assert make(root, "add stock")[0] == 0
    edit_model(root, with_default, "    stock: int = Field(default=0)\n")
    before = snapshot(root)
    code, out, err = make(root, "drop the default")
    assert code == 1
    assert "alter column product.stock: server default dropped" in out
    assert "drops the server default of a NOT NULL column" in err
    assert snapshot(root) == before
    assert make(root, "drop the default", "--allow-destructive")[0] == 0


def test_autogenerate_blind_spots_the_models_use_are_warned_about(tmp_path: Path) -> None:
    root = shop(tmp_path)
    edit_model(
        root,
        "    __table_args__ = (\n",
        "    __table_args__ = (\n"
        '        sa.CheckConstraint("weight >= 0", name="weight_positive"),\n',
    )
    edit_model(
        root,
        WEIGHT,
        WEIGHT + "    rating: int | None = Field(\n"
        '        default=None, sa_column_kwargs={"server_default": sa.text("1 + 1")}\n'
        "    )\n",
    )
    code, out, err = make(root, "add rating", "--json")
    assert code == 0, err
    warnings = json.loads(out)["data"]["warnings"]
    assert any(
        "autogenerate does not compare check constraints (ck_product_weight_positive)" in w
        for w in warnings
    )
    # The checks scaffold's own migrations write are not blind spots: only the hand-made one.
    assert sum("does not compare check constraints" in w for w in warnings) == 1
    assert any(
        w.startswith("product.rating: changes of an SQL-expression server") for w in warnings
    )


def test_several_heads_are_refused_before_anything_runs(tmp_path: Path) -> None:
    root = shop(tmp_path)
    (first,) = versions(root)
    for revision in ("b2b2b2b2b2b2", "c2c2c2c2c2c2"):
        (root / "alembic" / "versions" / f"{revision}_branch.py").write_text(
            f'revision = "{revision}"\ndown_revision = "{first.split("_", 1)[0]}"\n\n\n'
            "def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
        )
    edit_model(root, WEIGHT, WEIGHT + "    rating: int | None = None\n")
    before = snapshot(root)
    code, _, err = make(root, "add rating")
    assert code == 2 and err.count("\n") == 1
    assert "the migrations have 2 heads" in err and "alembic merge heads" in err
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("old", "new", "widening"),
    [
        (sa.String(50), sa.String(200), True),
        (sa.String(50), sa.Text(), True),
        (sa.Text(), sa.String(50), False),
        (sa.String(200), sa.String(50), False),
        (sa.SmallInteger(), sa.BigInteger(), True),
        (sa.BigInteger(), sa.Integer(), False),
        (sa.Integer(), sa.Float(), True),
        (sa.Float(), sa.Integer(), False),
        (sa.Integer(), sa.Numeric(12, 2), True),
        (sa.Integer(), sa.Numeric(10, 2), False),
        (sa.Numeric(10, 2), sa.Numeric(12, 2), True),
        (sa.Numeric(10, 2), sa.Numeric(10, 3), False),
        (sa.String(20), sa.Integer(), False),
        (sa.Date(), sa.DateTime(), True),
        (sa.DateTime(), sa.Date(), False),
    ],
)
def test_which_type_changes_keep_every_value(old: object, new: object, widening: bool) -> None:
    assert is_widening(old, new) is widening
