"""A resource's life after `crud`: fields added (with a default, with --backfill), renamed and
removed, on a database that holds rows. After each step the project's migrations upgrade,
`alembic check` finds models and migrations equal, the database has the CHECK constraints and
indexes the models declare (enum values, min, pattern: renamed with their column), the
project's own tests pass, and the rows inserted before keep their values; on SQLite and on
PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.conftest import PYTHON, run_cli
from tests.generated.conftest import engine_for, generate
from tests.generated.schema_check import assert_schema_matches_models
from tests.generated.toolchain import lint_and_typecheck, migrate_and_test, run_in, run_tests

pytestmark = pytest.mark.slow

CATEGORY = ["Category", "name:str(80)"]
PRODUCT = [
    "Product",
    "name:str(120)",
    "notes:text?",
    "price:decimal(10,2):min(0)",
    "sku:str(40):unique:pattern(^[A-Z])?",
    "made_on:date:index?",
    "category:ref(Category)?",
]
# Review's generated tests create products: a new required Product field must reach them.
REVIEW = ["Review", "body:text", "product:ref(Product)"]
ROWS = [
    {"name": "Lamp", "notes": "blue", "price": "12.50", "sku": "L-1"},
    {"name": "Desk", "notes": None, "price": "99.00", "sku": "D-1"},
]


def _upgrade_check_and_test(root: Path, url: str) -> None:
    alembic = [PYTHON, "-m", "alembic"]
    run_in(root, [*alembic, "upgrade", "head"], url)
    assert "No new upgrade operations detected" in run_in(root, [*alembic, "check"], url)
    assert_schema_matches_models(root, url)
    run_tests(root, url, "-x")


def _rows(url: str) -> list[dict[str, Any]]:
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            result = connection.execute(
                sa.text("SELECT * FROM product WHERE user_id = 'legacy' ORDER BY name")
            )
            return [dict(row._mapping) for row in result]
    finally:
        engine.dispose()


def _refused(url: str, assignment: str, constraint: str) -> None:
    """Another client's UPDATE that breaks a rule is refused by the database, by `constraint`."""
    engine = engine_for(url)
    try:
        with pytest.raises(sa.exc.IntegrityError, match=constraint), engine.begin() as connection:
            connection.execute(sa.text(f"UPDATE product SET {assignment} WHERE name = 'Lamp'"))
    finally:
        engine.dispose()


def _field(root: Path, *args: str) -> None:
    result = run_cli("field", *args, cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_add_rename_remove_keep_the_rows(tmp_path: Path, database: str) -> None:
    root = generate(tmp_path / "shop", [CATEGORY, PRODUCT, REVIEW])
    run_in(root, [PYTHON, "-m", "alembic", "upgrade", "head"], database)
    engine = engine_for(database)
    with engine.begin() as connection:
        for row in ROWS:
            connection.execute(
                sa.text(
                    "INSERT INTO product (name, notes, price, sku, made_on, user_id, created_at, "
                    "updated_at) VALUES (:name, :notes, :price, :sku, '2024-05-06', 'legacy', "
                    "'2024-01-01 00:00:00', '2024-01-01 00:00:00')"
                ),
                row,
            )
    engine.dispose()

    def values(key: str) -> list[Any]:
        return [row[key] for row in _rows(database)]

    # Required fields with a default: the existing rows get the default.
    _field(root, "add", "Product", "stock:int:min(0)=7")
    _field(root, "add", "Product", "condition:enum(new|used)=new")
    _upgrade_check_and_test(root, database)
    assert values("stock") == [7, 7]
    assert values("condition") == ["new", "new"]
    assert values("name") == ["Desk", "Lamp"]

    # A required field without a default: the existing rows get the --backfill expression.
    _field(root, "add", "Product", "weight:float:min(0)", "--backfill", "price * 2")
    _upgrade_check_and_test(root, database)
    assert values("weight") == [198.0, 25.0]

    # Renames keep the data, also of a column with a unique constraint, an index or checks.
    _field(root, "rename", "Product", "notes", "description")
    _field(root, "rename", "Product", "sku", "code")
    _field(root, "rename", "Product", "made_on", "made")
    _field(root, "rename", "Product", "condition", "state")
    _upgrade_check_and_test(root, database)
    assert values("description") == [None, "blue"]
    assert values("code") == ["D-1", "L-1"]
    assert values("state") == ["new", "new"]
    model = (root / "app/models/product.py").read_text()
    assert 'name="code_pattern"' in model and 'name="state_enum"' in model
    _refused(database, "state = 'lost'", "ck_product_state_enum")
    _refused(database, "code = 'x-1'", "ck_product_code_pattern")
    assert "notes" not in _rows(database)[0]
    assert [str(v) for v in values("made")] == ["2024-05-06", "2024-05-06"]

    # Removing drops only that column.
    _field(root, "remove", "Product", "stock", "--allow-destructive")
    _upgrade_check_and_test(root, database)
    rows = _rows(database)
    assert "stock" not in rows[0]
    assert [Decimal(str(r["price"])).quantize(Decimal("0.01")) for r in rows] == [
        Decimal("99.00"),
        Decimal("12.50"),
    ]
    assert values("weight") == [198.0, 25.0]

    lint_and_typecheck(root)
    # The whole history also goes down and up again (the rows go with the dropped table).
    migrate_and_test(root, database)
