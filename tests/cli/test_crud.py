"""`scaffold crud` from the command line: bad input, re-runs, conflicts, dry runs, --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, snapshot

PRODUCT = ["Product", "name:str(120)", "price:decimal(10,2)", "stock:int=0", "sku:str:unique"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["class", "name:str"], "'class' is not a valid resource name"),
        (["from", "name:str"], "'from' is not a valid resource name"),
        (["2fast", "name:str"], "'2fast' is not a valid resource name"),
        (["../x", "name:str"], "'../x' is not a valid resource name"),
        (["Thing", "id:int"], "field 'id' is reserved"),
        (["Thing", "user_id:str"], "field 'user_id' is reserved"),
        (["Thing", "created_at:datetime"], "field 'created_at' is reserved"),
        (["Thing", "updated_at:datetime"], "field 'updated_at' is reserved"),
        (["Thing", "a:str", "a:int"], "duplicate field 'a'"),
        (["Thing", "a:strng"], "did you mean 'str'?"),
        (["Thing", "p:decimal(2,5)"], "scale 5 must not exceed precision 2"),
        (["Thing", "m:ref(Missing)"], "no resource Missing in this project"),
        (["Thing"], "Thing has no fields"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    project: Path, args: list[str], message: str
) -> None:
    before = snapshot(project)
    result = run_cli("crud", *args, cwd=project)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "(fix: " in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(project) == before

    as_json = run_cli("crud", *args, "--json", cwd=project)
    assert as_json.exit_code == 2
    error = json.loads(as_json.stdout)["error"]
    assert message in f"{error['message']} (fix: {error['hint']})"
    assert error["hint"] and error["code"]
    assert snapshot(project) == before


def test_changing_an_existing_resource_points_to_field_commands(project: Path) -> None:
    assert run_cli("crud", *PRODUCT, cwd=project).exit_code == 0
    before = snapshot(project)
    result = run_cli("crud", "Product", "name:str(50)", cwd=project)
    assert result.exit_code == 2
    assert "Product already exists with other fields" in result.stderr
    assert "scaffold field add|rename|remove" in result.stderr
    assert snapshot(project) == before


def test_outside_a_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("crud", *PRODUCT, cwd=tmp_path)
    assert result.exit_code == 2
    assert "no scaffold project" in result.stderr
    assert "scaffold new" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_broken_main_py_is_a_clear_error(project: Path) -> None:
    (project / "app/main.py").write_text("def broken(:\n")
    before = snapshot(project)
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 2
    assert "app/main.py does not parse" in result.stderr
    assert snapshot(project) == before


def test_a_broken_manifest_is_a_clear_error(project: Path) -> None:
    (project / ".scaffold/manifest.json").write_text("{not json")
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 2
    assert "manifest.json is not valid JSON" in result.stderr


def test_crud_writes_the_slice_and_registers_it(project: Path) -> None:
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 0, result.stderr
    for path in (
        "app/models/product.py",
        "app/schemas/product.py",
        "app/api/product.py",
        "tests/test_product.py",
    ):
        assert (project / path).is_file()
        assert f"create  {path}" in result.stdout
    assert len(list((project / "alembic/versions").glob("*_create_product_table.py"))) == 1
    main = (project / "app/main.py").read_text()
    assert "from app.api.product import router as product_router" in main
    assert "app.include_router(product_router, prefix=API_PREFIX)" in main
    manifest = json.loads((project / ".scaffold/manifest.json").read_text())
    assert manifest["resources"]["Product"]["fields"] == PRODUCT[1:]
    assert "app/api/product.py" in manifest["files"]


def test_running_again_is_identical_and_writes_nothing(project: Path) -> None:
    run_cli("crud", *PRODUCT, cwd=project)
    before = snapshot(project)
    again = run_cli("crud", *PRODUCT, cwd=project)
    assert again.exit_code == 0
    assert "nothing to do" in again.stdout
    statuses = {line.split()[0] for line in again.stdout.splitlines()[:-1]}
    assert statuses == {"identical"}
    assert snapshot(project) == before


def test_an_edited_file_is_a_conflict_left_untouched(project: Path) -> None:
    run_cli("crud", *PRODUCT, cwd=project)
    router = project / "app/api/product.py"
    router.write_text(router.read_text() + "\n# my own addition\n")
    (project / "app/api/product.py").touch()
    # Regenerating after deleting another generated file wants to write: the conflict blocks it.
    (project / "app/schemas/product.py").unlink()
    before = snapshot(project)
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 1
    assert "conflict  app/api/product.py  (edited since it was generated)" in result.stdout
    assert "-# my own addition" in result.stdout  # the diff is shown
    assert "nothing was written" in result.stderr
    assert snapshot(project) == before

    data = json.loads(run_cli("crud", *PRODUCT, "--json", cwd=project).stdout)["data"]
    assert data["conflicts"] == ["app/api/product.py"]
    assert data["written"] == []


def test_force_overwrites_the_conflict(project: Path) -> None:
    run_cli("crud", *PRODUCT, cwd=project)
    router = project / "app/api/product.py"
    pristine = router.read_text()
    router.write_text(pristine + "\n# my own addition\n")
    result = run_cli("crud", *PRODUCT, "--force", cwd=project)
    assert result.exit_code == 0
    assert "update  app/api/product.py  (your edits overwritten (--force))" in result.stdout
    assert router.read_text() == pristine


def test_dry_run_shows_statuses_and_diffs_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    result = run_cli("crud", *PRODUCT, "--dry-run", cwd=project)
    assert result.exit_code == 0
    assert "create  app/models/product.py" in result.stdout
    assert "+class Product(ProductBase, TimestampMixin, table=True):" in result.stdout
    assert "+from app.api.product import router as product_router" in result.stdout
    assert "dry run: nothing was written" in result.stdout
    assert snapshot(project) == before

    data = json.loads(run_cli("crud", *PRODUCT, "--dry-run", "--json", cwd=project).stdout)["data"]
    assert data["dry_run"] is True
    statuses = {c["path"]: c["status"] for c in data["changes"]}
    assert statuses["app/main.py"] == "update"
    assert all("diff" in c for c in data["changes"])
    assert snapshot(project) == before


def test_main_py_edit_keeps_user_code_and_is_idempotent(project: Path) -> None:
    main = project / "app/main.py"
    user_code = '\n\n@app.get("/api/ping")  # my route\ndef ping() -> str:\n    return "pong"\n'
    main.write_text(main.read_text() + user_code)
    run_cli("crud", *PRODUCT, cwd=project)
    once = main.read_text()
    assert once.endswith(user_code) or user_code.strip() in once
    run_cli("crud", "Author", "name:str", cwd=project)
    run_cli("crud", "Author", "name:str", cwd=project)
    twice = main.read_text()
    assert twice.count("app.include_router(author_router") == 1
    assert twice.count("from app.api.author import") == 1
    assert "# my route" in twice


def test_no_tests_and_no_migration(project: Path) -> None:
    result = run_cli("crud", *PRODUCT, "--no-tests", "--no-migration", cwd=project)
    assert result.exit_code == 0
    assert not (project / "tests/test_product.py").exists()
    assert not list((project / "alembic/versions").glob("*.py"))
