"""`scaffold migrate lint` end to end: a generated project, hand-written risky migrations.

The migrations are rendered by the project's own Alembic (offline, PostgreSQL dialect, no
database); each expected finding is marked in the migration source with `# expect: CODE` on
the line the finding must point at, so the test compares the linter with the file itself.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from scaffold.engine.migrations import current_head
from tests.conftest import run_cli, snapshot

RISKY = '''"""risky changes to live tables"""

import sqlalchemy as sa

from alembic import op

revision = "c0ffee000001"
down_revision = "{down}"


def upgrade() -> None:
    op.create_index("ix_product_name", "product", ["name"])  # expect: ML101
    op.add_column(  # expect: ML102
        "product",
        sa.Column("seen_at", sa.DateTime(), server_default=sa.text("clock_timestamp()")),
    )
    # now() is stable: PostgreSQL 11+ stores it once, no rewrite.
    op.add_column(
        "product",
        sa.Column(
            "added_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    op.alter_column(  # expect: ML103
        "product", "name", type_=sa.String(50), existing_type=sa.String(120)
    )
    op.alter_column("product", "sku", type_=sa.Text(), existing_type=sa.String())
    op.alter_column("product", "notes", nullable=False, existing_type=sa.Text())  # expect: ML104
    op.add_column("product", sa.Column("barcode", sa.String(64), nullable=False))  # expect: ML104
    op.alter_column("review", "body", new_column_name="text")  # expect: ML105
    op.drop_column("review", "rating")  # expect: ML107
    op.drop_column("product", "price")  # scaffold: allow[ML107] -- no release reads price now
    # A batch runs plain ALTERs on PostgreSQL: findings point at the batch_op line.
    with op.batch_alter_table("product") as batch_op:
        batch_op.add_column(sa.Column("color", sa.Text()))
        # scaffold: allow[ML107] -- the previous release stopped reading notes, so dropping it
        #   breaks nothing that runs
        batch_op.drop_column("notes")
        batch_op.drop_column("sku")  # scaffold: allow[ML107]  # expect: ML107  # expect: ML100
        batch_op.alter_column("stock", new_column_name="quantity")  # expect: ML105
    op.create_check_constraint("ck_stock", "product", "stock >= 0")  # expect: ML109
    op.create_unique_constraint("uq_product_name", "product", ["name"])  # expect: ML110
    op.create_index(  # expect: ML111
        "ix_product_sku", "product", ["sku"], postgresql_concurrently=True
    )
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_review_created_at", "review", ["created_at"], postgresql_concurrently=True
        )
    # A table made in this revision has no live rows: nothing here is flagged.
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=True),
    )
    op.create_index("ix_tag_name", "tag", ["name"])
    op.add_column(
        "tag",
        sa.Column("public_id", sa.Uuid(), server_default=sa.text("gen_random_uuid()")),
    )
    op.alter_column("tag", "name", nullable=False, existing_type=sa.String(50))
    op.add_column("product", sa.Column("m", sa.Text()))  # scaffold: ignore[ML101]  # expect: ML100
    # scaffold: allow[ML105] -- the table is tiny and nobody reads it  # expect: ML100
    op.add_column("product", sa.Column("n", sa.Text()))
    # scaffold: allow[ML999] -- a rule nobody knows  # expect: ML100
    op.drop_column("review", "product_id")  # expect: ML107


def downgrade() -> None:
    pass
'''

RENAME_AND_DROP = '''"""rename and drop"""

from alembic import op

revision = "c0ffab000002"
down_revision = "c0ffee000001"


def upgrade() -> None:
    op.rename_table("product", "item")  # expect: ML106
    op.drop_table("tag")  # expect: ML108


def downgrade() -> None:
    pass
'''

FIRST = "alembic/versions/c0ffee000001_risky.py"
SECOND = "alembic/versions/c0ffab000002_rename_and_drop.py"


@pytest.fixture(scope="module")
def crud_project(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with two crud resources (their migrations only create tables)."""
    root = tmp_path_factory.mktemp("lint") / "shop"
    shutil.copytree(template_project, root)
    for args in (
        [
            "Product",
            "name:str(120)",
            "price:decimal(10,2)",
            "stock:int=0",
            "sku:str",
            "notes:text?",
        ],
        ["Review", "product:ref(Product)", "body:text", "rating:int:index"],
    ):
        result = run_cli("crud", *args, cwd=root)
        assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture
def shop(crud_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(crud_project, copy)
    return copy


@pytest.fixture
def risky(shop: Path) -> Path:
    """The project with two hand-written risky migrations on top of the crud ones."""
    head = current_head(shop)
    (shop / FIRST).write_text(RISKY.format(down=head), encoding="utf-8")
    (shop / SECOND).write_text(RENAME_AND_DROP, encoding="utf-8")
    return shop


def _expected(root: Path, *paths: str) -> set[tuple[str, int, str]]:
    found: set[tuple[str, int, str]] = set()
    for path in paths:
        for number, line in enumerate((root / path).read_text().splitlines(), start=1):
            for match in re.finditer(r"# expect: (ML\d+)", line):
                found.add((path, number, match.group(1)))
    return found


def _lint_json(root: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = run_cli("migrate", "lint", *args, "--json", cwd=root)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, json.loads(result.stdout)


def test_the_crud_migrations_lint_clean(shop: Path) -> None:
    code, document = _lint_json(shop)
    assert code == 0
    data = document["data"]
    assert isinstance(data, dict)
    assert data["findings"] == [] and data["errors"] == []
    assert data["files_checked"] == 2
    assert len(data["revisions"]) == 2 and data["revisions"][1] == current_head(shop)
    text = run_cli("migrate", "lint", cwd=shop)
    assert text.exit_code == 0
    assert "All clear: 2 files checked, no findings." in text.stdout


def test_each_risky_operation_is_found_on_its_line_with_the_safe_sequence(risky: Path) -> None:
    before = snapshot(risky)
    code, document = _lint_json(risky)
    assert code == 1
    data = document["data"]
    assert isinstance(data, dict)
    assert data["errors"] == []
    assert data["files_checked"] == 4
    findings = data["findings"]
    assert isinstance(findings, list)
    got = {(f["path"], f["line"], f["rule"]) for f in findings}
    assert got == _expected(risky, FIRST, SECOND)
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["ML101"]["statement"] == "CREATE INDEX ix_product_name ON product (name)"
    assert "clock_timestamp()" in by_rule["ML102"]["statement"]
    assert "from varchar(120) to varchar(50)" in by_rule["ML103"]["message"]
    assert by_rule["ML106"]["revision"] == "c0ffab000002"
    for finding in findings:
        assert finding["revision"] in {"c0ffee000001", "c0ffab000002"}
        if finding["rule"] != "ML100":
            assert finding["fix"] and f"; safe: {finding['fix']}" in finding["message"]
            assert finding["severity"] == "error"
    assert "autocommit_block" in by_rule["ML101"]["fix"]
    assert "NOT VALID" in by_rule["ML104"]["fix"]
    assert by_rule["ML100"]["severity"] == "error"
    problems = sorted(f["message"] for f in findings if f["rule"] == "ML100")
    assert [m.split(":")[0] for m in problems] == [
        "acknowledgement names unknown rule ML999",
        "acknowledgement of ML101 gives no reason, so it accepts nothing",
        "acknowledgement of ML105 accepts nothing",
        "acknowledgement of ML107 gives no reason, so it accepts nothing",
    ]
    # Offline rendering: nothing written (no bytecode either), no database needed.
    assert snapshot(risky) == before
    assert not list(risky.rglob("__pycache__"))


def test_text_output_points_at_the_op_line(risky: Path) -> None:
    result = run_cli("migrate", "lint", cwd=risky)
    assert result.exit_code == 1
    expected = _expected(risky, FIRST, SECOND)
    (line,) = [n for _, n, code in expected if code == "ML101"]
    assert f"{FIRST}:{line}:5: ML101 CREATE INDEX ix_product_name" in result.stdout
    assert 'op.create_index("ix_product_name", "product", ["name"])' in result.stdout
    assert "; safe: build it concurrently" in result.stdout
    assert f"Found {len(expected)} findings in 2 files (4 files checked)." in result.stdout
    github = run_cli("migrate", "lint", "--format", "github", cwd=risky)
    assert github.exit_code == 1
    assert f"::error file={FIRST},line={line},col=5,title=ML101" in github.stdout


def test_one_revision_by_prefix_and_the_ones_since(risky: Path) -> None:
    code, document = _lint_json(risky, "c0ffa")
    data = document["data"]
    assert isinstance(data, dict)
    assert code == 1 and data["revisions"] == ["c0ffab000002"]
    assert {f["rule"] for f in data["findings"]} == {"ML106", "ML108"}

    code, document = _lint_json(risky, "--since", "c0ffee000001")
    data = document["data"]
    assert isinstance(data, dict)
    assert data["revisions"] == ["c0ffab000002"]

    code, document = _lint_json(risky, "head")
    data = document["data"]
    assert isinstance(data, dict)
    assert data["revisions"] == ["c0ffab000002"]


def test_the_project_option_works_from_anywhere(risky: Path, tmp_path: Path) -> None:
    result = run_cli("migrate", "lint", "--project", str(risky), "c0ffa", "--json", cwd=tmp_path)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["data"]["revisions"] == ["c0ffab000002"]


def test_the_crud_revisions_alone_lint_clean_next_to_risky_ones(
    risky: Path, crud_project: Path
) -> None:
    crud_head = current_head(crud_project)
    assert crud_head is not None
    code, document = _lint_json(risky, crud_head)
    data = document["data"]
    assert isinstance(data, dict)
    assert code == 0 and data["findings"] == [] and data["revisions"] == [crud_head]


def test_a_migration_that_fails_to_render_is_an_error_and_the_rest_is_linted(risky: Path) -> None:
    path = risky / SECOND
    path.write_text(
        path.read_text().replace(
            '    op.drop_table("tag")  # expect: ML108\n',
            '    op.drop_table("tag")  # expect: ML108\n    raise RuntimeError("boom")\n'
            '    op.drop_column("item", "sku")  # scaffold: allow[ML107] -- never reached here\n',
        )
    )
    code, document = _lint_json(risky)
    data = document["data"]
    assert isinstance(data, dict)
    assert code == 1
    assert data["errors"] == [{"path": SECOND, "message": "cannot render: RuntimeError: boom"}]
    # What it emitted before failing, and the other revisions, are still linted; the
    # acknowledgement after the failure never met its op and is not reported as unused.
    got = {(f["path"], f["line"], f["rule"]) for f in data["findings"]}
    assert got == _expected(risky, FIRST, SECOND)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown revision 'nope'"),
        (["--since", "nope"], "unknown revision 'nope'"),
        (["c0ff"], "revision prefix 'c0ff' matches 2 revisions"),
        (["c0ffee000001", "--since", "c0ffee000001"], "pass a REVISION or --since, not both"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["--explain", "ML999"], "unknown rule code 'ML999'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    risky: Path, args: list[str], message: str
) -> None:
    before = snapshot(risky)
    result = run_cli("migrate", "lint", *args, cwd=risky)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "(fix: " in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    as_json = run_cli("migrate", "lint", *args, "--json", cwd=risky)
    assert as_json.exit_code == 2
    error = json.loads(as_json.stdout)["error"]
    assert message in error["message"] and error["hint"] and error["code"]
    assert snapshot(risky) == before


def test_outside_a_project_and_without_alembic(shop: Path, tmp_path: Path) -> None:
    outside = tmp_path / "empty"
    outside.mkdir()
    result = run_cli("migrate", "lint", cwd=outside)
    assert result.exit_code == 2
    assert "no scaffold project" in result.stderr
    assert list(outside.iterdir()) == []

    shutil.rmtree(shop / "alembic")
    before = snapshot(shop)
    result = run_cli("migrate", "lint", "--json", cwd=shop)
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "no_alembic"
    assert "alembic/env.py is missing" in error["message"]
    assert snapshot(shop) == before


def test_migrations_alembic_cannot_load_are_exit_2(shop: Path) -> None:
    (shop / "alembic/versions/broken.py").write_text("revision = 'x'\ndown_revision = (\n")
    before = snapshot(shop)
    result = run_cli("migrate", "lint", cwd=shop)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: alembic cannot load the migrations: SyntaxError")
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(shop) == before


def test_an_env_py_that_fails_is_exit_2(risky: Path) -> None:
    env = risky / "alembic/env.py"
    env.write_text(env.read_text() + '\nraise RuntimeError("env is broken")\n')
    before = snapshot(risky)
    result = run_cli("migrate", "lint", cwd=risky)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: alembic/env.py fails in offline mode: RuntimeError: env is broken"
    )
    assert snapshot(risky) == before


def test_head_with_several_heads_is_ambiguous(risky: Path, crud_project: Path) -> None:
    branch = risky / "alembic/versions/b4a4c4000003_branch.py"
    branch.write_text(
        RENAME_AND_DROP.replace("c0ffab000002", "b4a4c4000003").replace(
            "c0ffee000001", str(current_head(crud_project))
        )
    )
    result = run_cli("migrate", "lint", "head", cwd=risky)
    assert result.exit_code == 2
    assert "the migrations have 2 heads (" in result.stderr
    # Linting everything still works on a branched history.
    code, document = _lint_json(risky)
    data = document["data"]
    assert isinstance(data, dict)
    assert code == 1 and data["files_checked"] == 5


def test_a_python_without_alembic_is_one_clear_line(
    risky: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import venv

    venv.create(tmp_path / "bare", with_pip=False)
    bare = tmp_path / "bare" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    monkeypatch.setattr(sys, "executable", str(bare))
    result = run_cli("migrate", "lint", cwd=risky)
    assert result.exit_code == 2
    assert f"alembic is not installed in {bare}" in result.stderr
    assert "-m pip install alembic" in result.stderr


def test_explain_and_list_rules(shop: Path) -> None:
    explained = run_cli("migrate", "lint", "--explain", "ml104", cwd=shop)
    assert explained.exit_code == 0
    assert explained.stdout.startswith("ML104 not-null-in-one-step (error)")
    assert "Safe: add `CHECK (col IS NOT NULL) NOT VALID`" in explained.stdout
    assert "Flagged 1:\n    ALTER TABLE product ALTER COLUMN sku SET NOT NULL;" in explained.stdout
    listed = run_cli("migrate", "lint", "--list-rules", "--json", cwd=shop)
    codes = [rule["code"] for rule in json.loads(listed.stdout)["data"]["rules"]]
    assert codes == ["ML100", *(f"ML1{n:02d}" for n in range(1, 12))]
