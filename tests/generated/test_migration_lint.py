"""`scaffold migrate lint` passes every migration scaffold writes, and flags the same changes
written by hand.

One project is grown by every generator that writes a migration: `crud` (with a reference),
`model` (with a composite index, a composite unique constraint and a check), `field add` (a
CHECK from `:min`, a backfilled required field, a unique field, an indexed field), `field
rename` (a plain column, and one with an index and an enum CHECK), `field remove`, and `migrate
make` after a hand edit that adds an index (its message holds quotes and a backslash), and
after one that adds a unique column and a foreign key and drops a column. Its migrations lint
clean; the same unsafe changes by hand, an acknowledgement without a reason and one for a rule
that does not fire there are flagged with their exact codes; and the whole history upgrades
(over rows) and downgrades on SQLite and PostgreSQL.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from scaffold.engine.migrations import current_head
from tests.conftest import PYTHON, run_cli
from tests.generated.conftest import engine_for, generate
from tests.generated.schema_check import assert_schema_matches_models
from tests.generated.toolchain import run_in

pytestmark = pytest.mark.slow

CATEGORY = ["Category", "name:str(80)"]
PRODUCT = [
    "Product",
    "name:str(120)",
    "price:decimal(10,2)",
    "notes:text?",
    "status:enum(new|used)=new",
    "category:ref(Category)?",
]
TAG = ["Tag", "label:str(40)", "weight:int?"]
TAG_OPTIONS = ["--index", "label,weight", "--unique", "label,weight", "--check", "weight >= 0"]
MESSAGE = 'it\'s the "name" index \\ (by hand)'
VERSIONS = "alembic/versions"


@dataclass
class Grown:
    root: Path
    crud_head: str  # the last revision `crud` wrote: the rows go in there
    outputs: dict[str, str]  # what each migration-writing command printed
    migrations: dict[str, str]  # the same commands: the migration each wrote


def _new_migration(root: Path, before: set[str]) -> str:
    (added,) = {p.name for p in (root / VERSIONS).glob("*.py")} - before
    return f"{VERSIONS}/{added}"


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Grown:
    root = generate(tmp_path_factory.mktemp("grown") / "shop", [CATEGORY, PRODUCT])
    crud_head = current_head(root)
    assert crud_head is not None
    steps = {
        "model": ["model", *TAG, *TAG_OPTIONS],
        "check": ["field", "add", "Product", "stock:int:min(0)=7"],
        "backfill": ["field", "add", "Product", "weight:float:min(0)", "--backfill", "price * 2"],
        "unique": ["field", "add", "Product", "barcode:str(20):unique?"],
        "index": ["field", "add", "Product", "rank:int:index?"],
        "rename": ["field", "rename", "Product", "notes", "description"],
        "rename_objects": ["field", "rename", "Product", "status", "state"],
        "remove": ["field", "remove", "Product", "rank", "--allow-destructive"],
    }
    outputs, migrations = {}, {}
    for name, args in steps.items():
        before = {p.name for p in (root / VERSIONS).glob("*.py")}
        result = run_cli(*args, cwd=root)
        assert result.exit_code == 0, result.stdout + result.stderr
        outputs[name], migrations[name] = result.stdout, _new_migration(root, before)
    # A hand edit of a model, then `migrate make`.
    model = root / "app/models/product.py"
    text = model.read_text()
    assert "    name: str = Field(max_length=120" in text
    model.write_text(text.replace("name: str = Field(", "name: str = Field(index=True, ", 1))
    before = {p.name for p in (root / VERSIONS).glob("*.py")}
    result = run_cli("migrate", "make", MESSAGE, cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    outputs["make"], migrations["make"] = result.stdout, _new_migration(root, before)
    # Then a unique column, a foreign key to an existing table, and a column dropped by hand.
    text = model.read_text()
    assert "    description: str | None = Field(" in text
    text = re.sub(
        r"    description: str \| None = Field\(.*?\)\n",
        "    serial: str | None = Field(default=None, unique=True, max_length=40)\n"
        '    tag_id: int | None = Field(default=None, foreign_key="tag.id")\n',
        text,
        count=1,
        flags=re.S,
    )
    model.write_text(text)
    before = {p.name for p in (root / VERSIONS).glob("*.py")}
    result = run_cli(
        "migrate", "make", "serial and tag, no description", "--allow-destructive", cwd=root
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    outputs["make_more"] = result.stdout + result.stderr
    migrations["make_more"] = _new_migration(root, before)
    return Grown(root, crud_head, outputs, migrations)


def _lint(root: Path) -> tuple[int, dict[str, object]]:
    result = run_cli("migrate", "lint", "--json", cwd=root)
    assert "Traceback" not in result.stdout + result.stderr
    document = json.loads(result.stdout)
    assert "data" in document, document
    data: dict[str, object] = document["data"]
    return result.exit_code, data


def test_every_migration_scaffold_wrote_lints_clean(grown: Grown) -> None:
    code, data = _lint(grown.root)
    assert (code, data["findings"], data["errors"]) == (0, [], [])
    assert data["files_checked"] == 2 + len(grown.migrations)  # and the two crud ones


def test_the_safe_sequences_are_written_for_postgresql(grown: Grown) -> None:
    text = {name: (grown.root / path).read_text() for name, path in grown.migrations.items()}
    assert "postgresql_not_valid=True" in text["check"]
    assert "VALIDATE CONSTRAINT ck_product_stock_min" in text["check"]
    assert '"weight IS NOT NULL"' in text["backfill"]
    assert "VALIDATE CONSTRAINT ck_product_weight_not_null" in text["backfill"]
    assert "UNIQUE USING INDEX uq_product_user_id_barcode" in text["unique"]
    for name in ("unique", "index", "make"):
        assert "with op.get_context().autocommit_block():" in text[name], name
        assert "postgresql_concurrently=True" in text[name], name
    assert "ALTER INDEX ix_product_user_id_status_id RENAME TO" in text["rename_objects"]
    assert (
        "RENAME CONSTRAINT ck_product_status_enum TO ck_product_state_enum"
        in (text["rename_objects"])
    )
    # SQLite keeps the batch path.
    assert 'batch_op.create_index(batch_op.f("ix_product_name")' in text["make"]
    more = text["make_more"]
    assert more.index('if op.get_context().dialect.name == "postgresql":') < more.index("else:")
    assert "postgresql_not_valid=True" in more
    assert "VALIDATE CONSTRAINT fk_product_tag_id_tag" in more
    assert "ADD CONSTRAINT uq_product_serial UNIQUE " in more  # the SQL spans two literals
    assert '"USING INDEX uq_product_serial"' in more
    sqlite = more.split("else:")[1].split("def downgrade")[0]
    assert (
        "batch_op.create_foreign_key(" in sqlite and "batch_op.create_unique_constraint(" in sqlite
    )


@pytest.mark.parametrize(
    ("name", "code", "column"),
    [
        ("rename", "ML105", "notes"),
        ("rename_objects", "ML105", "status"),
        ("remove", "ML107", "rank"),
        ("make_more", "ML107", "description"),
    ],
)
def test_what_is_unsafe_by_nature_is_acknowledged_and_said(
    grown: Grown, name: str, code: str, column: str
) -> None:
    text = (grown.root / grown.migrations[name]).read_text()
    assert text.count(f"# scaffold: allow[{code}] -- ") == 1
    assert f"product.{column} breaks the running release" in text
    # The command says it, with the reason: on the migration's status line, or (make) a caution.
    output = grown.outputs[name]
    if name == "make_more":
        (line,) = [row for row in output.splitlines() if row.startswith("caution: ")]
        assert line.startswith(f"caution: {code} acknowledged: dropping product.{column}")
        return
    (line,) = [row for row in output.splitlines() if grown.migrations[name] in row]
    assert f"({code} acknowledged: " in line and f"product.{column} breaks" in line


def test_the_make_message_is_escaped_and_the_file_name_safe(grown: Grown) -> None:
    path = grown.migrations["make"]
    assert re.fullmatch(rf"{VERSIONS}/[0-9a-f]+_it_s_the_name_index_by_hand\.py", path)
    docstring = ast.get_docstring(ast.parse((grown.root / path).read_text()), clean=False)
    assert docstring is not None and docstring.splitlines()[0] == MESSAGE
    assert f"create  {path}" in grown.outputs["make"]


BY_HAND = '''"""the same unsafe changes, by hand"""

import sqlalchemy as sa

from alembic import op

revision = "c0ffee0000aa"
down_revision = "{down}"


def upgrade() -> None:
    op.alter_column("product", "price", new_column_name="cost")  # expect: ML105
    op.drop_column("product", "weight")  # expect: ML107
    op.create_index("ix_product_barcode_hand", "product", ["barcode"])  # expect: ML101
    op.create_check_constraint("ck_product_stock_hand", "product", "stock <= 9")  # expect: ML109
    op.create_unique_constraint("uq_product_hand", "product", ["user_id", "name"])  # expect: ML110
    # An acknowledgement without a reason accepts nothing.
    # scaffold: allow[ML107]  # expect: ML100
    op.drop_column("product", "barcode")  # expect: ML107
    with op.get_context().autocommit_block():
        # scaffold: allow[ML101] -- a long build on a busy table  # expect: ML100
        op.create_index(
            "ix_product_price_hand", "product", ["price"], postgresql_concurrently=True
        )
    op.add_column("product", sa.Column("extra", sa.Text()))


def downgrade() -> None:
    pass
'''
HAND = f"{VERSIONS}/c0ffee0000aa_by_hand.py"


def _expected(root: Path, path: str) -> set[tuple[str, int, str]]:
    lines = (root / path).read_text().splitlines()
    return {
        (path, number, match.group(1))
        for number, line in enumerate(lines, start=1)
        for match in re.finditer(r"# expect: (ML\d+)", line)
    }


def _strip_acknowledgements(root: Path, path: str) -> int:
    """Remove the acknowledgement (and its continuation lines); the line of the op under it."""
    lines = (root / path).read_text().splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if "# scaffold: allow[" in line)
    end = start + 1
    while lines[end].lstrip().startswith("#   "):
        end += 1
    (root / path).write_text("".join(lines[:start] + lines[end:]))
    return start + 1


def test_the_same_changes_by_hand_are_flagged(grown: Grown, tmp_path: Path) -> None:
    root = tmp_path / "shop"
    shutil.copytree(grown.root, root)
    (root / HAND).write_text(BY_HAND.format(down=current_head(root)))
    # Scaffold's own rename and drop, without their acknowledgements.
    rename, remove = grown.migrations["rename"], grown.migrations["remove"]
    expected = _expected(root, HAND)
    expected.add((rename, _strip_acknowledgements(root, rename), "ML105"))
    expected.add((remove, _strip_acknowledgements(root, remove), "ML107"))
    code, data = _lint(root)
    assert code == 1 and data["errors"] == []
    findings = data["findings"]
    assert isinstance(findings, list)
    assert {(f["path"], f["line"], f["rule"]) for f in findings} == expected
    messages = sorted(f["message"] for f in findings if f["rule"] == "ML100")
    assert messages[0].startswith("acknowledgement of ML101 accepts nothing: ML101 reports")
    assert messages[1].startswith("acknowledgement of ML107 gives no reason")


# --- the migrations run ---------------------------------------------------------------------


def test_the_history_upgrades_over_rows_and_downgrades(grown: Grown, database: str) -> None:
    alembic = [PYTHON, "-m", "alembic"]
    run_in(grown.root, [*alembic, "upgrade", grown.crud_head], database)
    engine = engine_for(database)
    try:
        with engine.begin() as connection:
            for name, price in (("Lamp", "12.50"), ("Desk", "99.00")):
                connection.execute(
                    sa.text(
                        "INSERT INTO product (name, price, notes, status, user_id, created_at, "
                        "updated_at) VALUES (:name, :price, 'n', 'new', 'legacy', "
                        "'2024-01-01 00:00:00', '2024-01-01 00:00:00')"
                    ),
                    {"name": name, "price": price},
                )
        run_in(grown.root, [*alembic, "upgrade", "head"], database)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT name, stock, weight, state, serial FROM product ORDER BY name")
            ).all()
        assert [tuple(row) for row in rows] == [
            ("Desk", 7, 198.0, "new", None),
            ("Lamp", 7, 25.0, "new", None),
        ]
    finally:
        engine.dispose()
    assert "No new upgrade operations detected" in run_in(grown.root, [*alembic, "check"], database)
    assert_schema_matches_models(grown.root, database)
    run_in(grown.root, [*alembic, "downgrade", "base"], database)
    run_in(grown.root, [*alembic, "upgrade", "head"], database)
    assert_schema_matches_models(grown.root, database)
    run_in(grown.root, [*alembic, "downgrade", "base"], database)
    # And `scaffold migrate test` round-trips each revision with rows, the autocommit blocks too.
    server = [] if database.startswith("sqlite") else ["--db", database]
    result = run_cli("migrate", "test", "--json", *server, cwd=grown.root)
    tested = json.loads(result.stdout)["data"]
    assert result.exit_code == 0 and tested["ok"] is True, tested
