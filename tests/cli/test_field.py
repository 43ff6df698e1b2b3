"""`scaffold field add|rename|remove` from the command line: refusals, dry runs, JSON, re-runs,
conflicts, and files equal to what `crud` makes from the new field list."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scaffold.engine.manifest import Manifest
from scaffold.engine.plan import content_hash
from tests.conftest import run_cli, snapshot

PRODUCT = ["Product", "name:str(120)", "notes:text?", "price:decimal(10,2)"]
COMPARED = ["app/models/product.py", "app/schemas/product.py", "app/api/product.py"]
COMPARED += ["tests/test_product.py"]


@pytest.fixture
def shop(project: Path) -> Path:
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 0, result.stderr
    return project


def _migrations(root: Path) -> set[str]:
    return {p.name for p in (root / "alembic/versions").glob("*.py")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "Nope", "weight:float?"], "no resource Nope in this project"),
        (["add", "Product", "weight:flot?"], "did you mean 'float'?"),
        (["add", "Product", "weight"], "cannot parse field 'weight'"),
        (["add", "Product", "id:int?"], "field 'id' is reserved"),
        (["add", "Product", "notes:str?"], "already has a field 'notes' (notes:text?)"),
        (["add", "Product", "stock:int"], "stock:int is required, and product may already"),
        (["add", "Product", "seen:datetime=now"], "computed per row in Python"),
        (["add", "Product", "sku:str(9):unique=x"], "would collide"),
        (["add", "Product", "owner:ref(Product)?"], "does not support ref fields"),
        (["rename", "Product", "nope", "other"], "Product has no field 'nope'"),
        (["rename", "Product", "notes", "name"], "already has a field 'name'"),
        (["rename", "Product", "notes", "class"], "'class' is not a valid field name"),
        (["rename", "Product", "notes", "created_at"], "field 'created_at' is reserved"),
        (["remove", "Product", "nope", "--allow-destructive"], "Product has no field 'nope'"),
        (["remove", "Product", "notes"], "drops the column product.notes: the data in it is"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    shop: Path, args: list[str], message: str
) -> None:
    before = snapshot(shop)
    result = run_cli("field", *args, cwd=shop)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "(fix: " in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(shop) == before

    as_json = run_cli("field", *args, "--json", cwd=shop)
    assert as_json.exit_code == 2
    error = json.loads(as_json.stdout)["error"]
    assert message in f"{error['message']} (fix: {error['hint']})"
    assert error["code"] and error["hint"]
    assert snapshot(shop) == before


def test_a_required_field_refusal_names_both_ways(shop: Path) -> None:
    result = run_cli("field", "add", "Product", "stock:int", cwd=shop)
    assert "stock:int=VALUE" not in result.stderr  # the hint shows the user's field name
    assert "(stock:...=VALUE)" in result.stderr
    assert "--backfill" in result.stderr


def test_no_alembic_folder_is_a_clear_error_unless_no_migration(shop: Path) -> None:
    shutil.rmtree(shop / "alembic/versions")
    before = snapshot(shop)
    result = run_cli("field", "add", "Product", "weight:float?", cwd=shop)
    assert result.exit_code == 2
    assert "alembic/versions/ is missing" in result.stderr and "--no-migration" in result.stderr
    assert snapshot(shop) == before
    result = run_cli("field", "add", "Product", "weight:float?", "--no-migration", cwd=shop)
    assert result.exit_code == 0, result.stderr
    assert "weight: float | None" in (shop / "app/models/product.py").read_text()


def test_a_model_that_does_not_parse_is_a_clear_error(shop: Path) -> None:
    model = shop / "app/models/product.py"
    model.write_text(model.read_text() + "\ndef broken(:\n")
    before = snapshot(shop)
    result = run_cli("field", "add", "Product", "weight:float?", cwd=shop)
    assert result.exit_code == 2
    assert "app/models/product.py does not parse" in result.stderr
    assert snapshot(shop) == before


def test_dry_run_shows_the_diff_and_writes_nothing(shop: Path) -> None:
    before = snapshot(shop)
    result = run_cli("field", "add", "Product", "weight:float?", "--dry-run", cwd=shop)
    assert result.exit_code == 0, result.stderr
    assert "+    weight: float | None = Field(" in result.stdout
    assert "create  alembic/versions/" in result.stdout
    assert "dry run: nothing was written." in result.stdout
    assert snapshot(shop) == before


def test_json_reports_the_changes(shop: Path) -> None:
    result = run_cli("field", "rename", "Product", "notes", "description", "--json", cwd=shop)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)["data"]
    statuses = {c["path"]: c["status"] for c in data["changes"]}
    assert statuses["app/models/product.py"] == "update"
    assert statuses["app/api/product.py"] == "update"  # the list search names the field
    (migration,) = [p for p, s in statuses.items() if p.startswith("alembic/")]
    assert statuses[migration] == "create"
    assert migration.endswith("_rename_product_notes_to_description.py")
    assert data["written"] and not data["conflicts"]
    text = (shop / migration).read_text()
    assert '"notes", new_column_name="description", existing_type=sa.Text()' in text
    assert "drop_column" not in text and "add_column" not in text  # the data stays


@pytest.mark.parametrize(
    "args",
    [
        ["add", "Product", "weight:float=1.5"],
        ["rename", "Product", "notes", "description"],
        ["remove", "Product", "notes", "--allow-destructive"],
    ],
)
def test_running_it_twice_is_a_no_op(shop: Path, args: list[str]) -> None:
    assert run_cli("field", *args, cwd=shop).exit_code == 0
    before = snapshot(shop)
    again = run_cli("field", *args, cwd=shop)
    assert again.exit_code == 0, again.stderr
    assert "nothing to do" in again.stdout
    assert snapshot(shop) == before


def _fresh(template_project: Path, tmp_path: Path, fields: list[str]) -> Path:
    fresh = tmp_path / "fresh"
    shutil.copytree(template_project, fresh)
    assert run_cli("crud", "Product", *fields, cwd=fresh).exit_code == 0
    return fresh


@pytest.mark.parametrize(
    ("args", "fields"),
    [
        (
            ["add", "Product", "status:enum(draft|live)=draft"],
            [*PRODUCT[1:], "status:enum(draft|live)=draft"],
        ),
        (["add", "Product", "sku:str(20):unique?"], [*PRODUCT[1:], "sku:str(20):unique?"]),
        (["add", "Product", "active:bool?"], [*PRODUCT[1:], "active:bool?"]),
        (
            ["add", "Product", "code:str(8):min_length(2):pattern(^[A-Z]+$)?"],
            [*PRODUCT[1:], "code:str(8):min_length(2):pattern(^[A-Z]+$)?"],
        ),
        (["add", "Product", "stock:int", "--backfill", "0"], [*PRODUCT[1:], "stock:int"]),
        (
            ["rename", "Product", "notes", "description"],
            ["name:str(120)", "description:text?", "price:decimal(10,2)"],
        ),
        (["remove", "Product", "price", "--allow-destructive"], ["name:str(120)", "notes:text?"]),
    ],
)
def test_an_untouched_resource_ends_up_as_crud_makes_it(
    shop: Path, template_project: Path, tmp_path: Path, args: list[str], fields: list[str]
) -> None:
    result = run_cli("field", *args, cwd=shop)
    assert result.exit_code == 0, result.stderr
    fresh = _fresh(template_project, tmp_path, fields)
    for path in COMPARED:
        assert (shop / path).read_text() == (fresh / path).read_text(), path
    manifest = Manifest.load(shop)
    assert manifest.resources["Product"]["fields"] == fields
    for path in COMPARED:  # still recorded as generated and untouched
        assert manifest.file_hash(path) == content_hash((shop / path).read_text())


def test_the_users_method_and_comments_in_the_model_stay(shop: Path) -> None:
    model = shop / "app/models/product.py"
    text = model.read_text().replace(
        "    name: str = Field(max_length=120)\n",
        "    # Shown on the invoice.\n    name: str = Field(max_length=120)\n",
    )
    text += (
        "\n    def label(self) -> str:\n"
        "        # Hand-written: shown in the admin.\n"
        '        return f"{self.name}!"\n'
    )
    model.write_text(text)
    for args in (
        ["add", "Product", "weight:float?"],
        ["rename", "Product", "notes", "description"],
        ["remove", "Product", "price", "--allow-destructive"],
    ):
        result = run_cli("field", *args, cwd=shop)
        assert result.exit_code == 0, result.stderr
    after = model.read_text()
    assert "    # Shown on the invoice.\n    name: str = Field(max_length=120)\n" in after
    assert "def label(self) -> str:\n        # Hand-written: shown in the admin.\n" in after
    assert "weight: float | None" in after and "description: str | None" in after
    assert "price" not in after and "Decimal" not in after
    # The file stays the user's: its recorded hash is not moved onto the edited text.
    assert Manifest.load(shop).file_hash("app/models/product.py") != content_hash(after)


def test_an_edited_router_is_a_conflict_unless_force(shop: Path) -> None:
    router = shop / "app/api/product.py"
    router.write_text(router.read_text() + "\n# my edit\n")
    migrations = _migrations(shop)
    before = snapshot(shop)
    result = run_cli("field", "add", "Product", "active:bool?", cwd=shop)
    assert result.exit_code == 1
    assert "conflict  app/api/product.py" in result.stdout
    assert snapshot(shop) == before
    forced = run_cli("field", "add", "Product", "active:bool?", "--force", cwd=shop)
    assert forced.exit_code == 0, forced.stderr
    assert "# my edit" not in router.read_text()
    assert len(_migrations(shop) - migrations) == 1


def test_crud_afterwards_does_not_rewrite_the_create_migration(shop: Path) -> None:
    assert run_cli("field", "add", "Product", "stock:int=0", cwd=shop).exit_code == 0
    before = snapshot(shop)
    result = run_cli("crud", *PRODUCT, "stock:int=0", cwd=shop)
    # The create migration is history once a field migration follows it: kept as it is, so the
    # re-run is a no-op rather than a rewrite that would break the migration chain.
    assert result.exit_code == 0, result.stdout
    assert "nothing to do" in result.stdout
    assert snapshot(shop) == before


RULED = ["Product", "name:str(120)", "status:enum(a|b)=a", "code:str(8):pattern(^[A-Z])?"]


def _migration(root: Path, before: set[str]) -> str:
    (new,) = _migrations(root) - before
    return (root / "alembic/versions" / new).read_text()


def test_a_rename_renames_the_columns_index_and_checks(
    project: Path, template_project: Path, tmp_path: Path
) -> None:
    assert run_cli("crud", *RULED, cwd=project).exit_code == 0
    before = _migrations(project)
    result = run_cli("field", "rename", "Product", "status", "state", cwd=project)
    assert result.exit_code == 0, result.stderr
    fresh = _fresh(template_project, tmp_path, ["name:str(120)", "state:enum(a|b)=a", *RULED[3:]])
    path = "app/models/product.py"
    assert (project / path).read_text() == (fresh / path).read_text()
    upgrade, downgrade = _migration(project, before).split("def downgrade")
    # Dropped before the rename (SQLite's copy of the table would name a missing column),
    # created after it under the new name.
    drops = upgrade.index('batch_op.f("ck_product_status_enum"), type_="check"')
    assert drops < upgrade.index("new_column_name=") < upgrade.index("ck_product_state_enum")
    assert 'drop_index(batch_op.f("ix_product_user_id_status_id"))' in upgrade
    assert '["user_id", "state", "id"]' in upgrade
    assert '["user_id", "status", "id"]' in downgrade


def test_a_remove_drops_the_columns_checks_first_and_the_downgrade_restores_them(
    project: Path,
) -> None:
    assert run_cli("crud", *RULED, cwd=project).exit_code == 0
    before = _migrations(project)
    result = run_cli("field", "remove", "Product", "code", "--allow-destructive", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert "code_pattern" not in (project / "app/models/product.py").read_text()
    upgrade, downgrade = _migration(project, before).split("def downgrade")
    assert upgrade.index('"ck_product_code_pattern"), type_="check"') < upgrade.index(
        'drop_column("code")'
    )
    # The pattern is written per database: the downgrade asks which one it runs on.
    assert 'postgresql = op.get_context().dialect.name == "postgresql"' in downgrade
    assert "\"code ~ '^[A-Z]'\" if postgresql else \"code REGEXP '^[A-Z]'\"" in downgrade


def test_an_older_models_one_column_index_is_renamed_as_it_is(project: Path) -> None:
    """A model generated before the table layout declares `Field(index=True)`: the migration
    renames that index, and the model keeps its form."""
    assert (
        run_cli("crud", "Product", "name:str(120)", "rank:int:index?", cwd=project).exit_code == 0
    )
    model = project / "app/models/product.py"
    text = model.read_text()
    composite = 'Index("ix_product_user_id_rank_id", "user_id", "rank", "id"),'
    assert composite in text
    text = text.replace(composite, "").replace(
        "rank: int | None = Field(", "rank: int | None = Field(index=True, "
    )
    model.write_text(text)
    before = _migrations(project)
    result = run_cli("field", "rename", "Product", "rank", "position", cwd=project)
    assert result.exit_code == 0, result.stderr
    upgrade, _ = _migration(project, before).split("def downgrade")
    assert 'drop_index(batch_op.f("ix_product_rank"))' in upgrade
    assert 'create_index(batch_op.f("ix_product_position"), ["position"]' in upgrade
    assert "ix_product_user_id" not in upgrade
    assert "position: int | None = Field(index=True, " in model.read_text()


def test_a_filter_field_added_to_a_soft_delete_model_gets_a_partial_index(
    project: Path, template_project: Path, tmp_path: Path
) -> None:
    note = ["model", "Note", "body:text", "--soft-delete"]
    assert run_cli(*note, cwd=project).exit_code == 0
    before = _migrations(project)
    assert run_cli("field", "add", "Note", "done:bool?", cwd=project).exit_code == 0
    fresh = tmp_path / "fresh"
    shutil.copytree(template_project, fresh)
    assert (
        run_cli("model", "Note", "body:text", "done:bool?", "--soft-delete", cwd=fresh).exit_code
        == 0
    )
    path = "app/models/note.py"
    assert (project / path).read_text() == (fresh / path).read_text()
    upgrade, _ = _migration(project, before).split("def downgrade")
    assert '["user_id", "done", "id"]' in upgrade
    assert 'postgresql_where=sa.text("deleted_at IS NULL")' in upgrade
