"""What `alembic check` cannot see: the CHECK constraints a migrated database has and whether
its indexes are partial (with the indexes themselves), against what the project's models
declare for that database."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PYTHON
from tests.generated.toolchain import run_in

# Run in the project's interpreter: prints one line per table whose database objects differ
# from its model's, then "schema matches models" or "MISMATCH".
SCRIPT = """
import sys
import sqlalchemy as sa
from sqlmodel import SQLModel
import app.models  # noqa: F401
from app.db import make_engine

engine = make_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg://", 1))
inspector = sa.inspect(engine)
dialect = engine.dialect.name
same = True
for table in SQLModel.metadata.sorted_tables:
    checks = {
        c.name for c in table.constraints
        if isinstance(c, sa.CheckConstraint) and (c._ddl_if is None or c._ddl_if.dialect == dialect)
    }
    found_checks = {c["name"] for c in inspector.get_check_constraints(table.name)}
    # Partial or not, too: Alembic compares neither CHECKs nor an index's WHERE.
    indexes = {
        (i.name, tuple(c.name for c in i.columns), i.dialect_options[dialect]["where"] is not None)
        for i in table.indexes
    }
    found_indexes = {
        (
            i["name"],
            tuple(i["column_names"]),
            i.get("dialect_options", {}).get(f"{dialect}_where") is not None,
        )
        for i in inspector.get_indexes(table.name)
        if not i.get("duplicates_constraint")
    }
    if checks != found_checks or indexes != found_indexes:
        same = False
        print(table.name, sorted(checks ^ found_checks), sorted(indexes ^ found_indexes))
engine.dispose()
print("schema matches models" if same else "MISMATCH")
"""


def assert_schema_matches_models(root: Path, url: str) -> None:
    """The database at `url` has exactly the CHECK constraints and indexes the models declare."""
    output = run_in(root, [PYTHON, "-c", SCRIPT, url], url)
    assert "schema matches models" in output, output
