"""A new resource may not take a name that is taken: another resource's plural (routes and
relationships), table, files or relationship attributes, or what the project itself serves."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from scaffold.engine.resources import templates_dir
from scaffold.model.clashes import BUILTIN_FILES, BUILTIN_ROUTES, BUILTIN_TABLES
from tests.conftest import run_cli, snapshot

TEMPLATE = templates_dir() / "project" / "template"


@pytest.fixture(scope="module")
def shop_template(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Product (crud, with a column named `offers`) and Tag (model, many-to-many Product)."""
    root = tmp_path_factory.mktemp("collisions") / "shop"
    shutil.copytree(template_project, root)
    for args in (
        ["crud", "Product", "name:str(120)", "offers:int=0"],
        ["model", "Tag", "name:str(40)", "--many-to-many", "Product"],
    ):
        result = run_cli(*args, cwd=root)
        assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture
def shop(shop_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(shop_template, copy)
    return copy


def _refused(root: Path, args: list[str], message: str, fix: str) -> None:
    """One line naming the clash and the fix, exit 2, nothing written (--json alike)."""
    before = snapshot(root)
    result = run_cli(*args, cwd=root)
    assert result.exit_code == 2, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert f"(fix: {fix}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    as_json = run_cli(*args, "--json", cwd=root)
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["code"] == "name_clash"
    assert snapshot(root) == before


@pytest.mark.parametrize("command", ["crud", "model"])
def test_another_resources_plural_is_refused_with_the_plural_to_use(
    shop: Path, command: str
) -> None:
    _refused(
        shop,
        [command, "Item", "label:str", "--plural", "products"],
        "Item's plural 'products' is Product's already (its routes /api/products",
        "give Item a plural of its own: --plural items",
    )


def test_a_slice_is_checked_too(shop: Path) -> None:
    spec = shop / "specs/features/items.md"
    spec.parent.mkdir(parents=True)
    spec.write_text(
        "# Items\n\nResource: Item\nPlural: tags\n\n## Fields\n\n"
        "| name | type | required | constraints | description |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| label | str(40) | yes | | What it is called |\n"
    )
    _refused(
        shop,
        ["slice", "--spec", "specs/features/items.md"],
        "Item's plural 'tags' is Tag's already",
        "give Item a plural of its own: --plural items",
    )


@pytest.mark.parametrize(
    ("args", "message", "fix"),
    [
        (
            ["Doc", "title:str"],
            "Doc's plural 'docs' gives it the route /api/docs, which is the project's API docs",
            "--plural doc_items",
        ),
        (
            ["Item", "label:str", "--plural", "health"],
            "route /api/health, which is the project's health check",
            "--plural items",
        ),
        (["Item", "label:str", "--plural", "me"], "route /api/me, which is", "--plural items"),
        (
            ["Person", "name:str", "--plural", "users"],
            "route /api/users, which is the namespace of the project's user endpoints",
            "--plural people",
        ),
    ],
)
def test_a_route_the_project_serves_is_refused(
    shop: Path, args: list[str], message: str, fix: str
) -> None:
    _refused(shop, ["crud", *args], message, f"give {args[0]} a plural of its own: {fix}")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("AlembicVersion", "its table 'alembic_version', which is Alembic's revision table"),
        ("TagProductLink", "its table 'tag_product_link', which is the link table of Tag and"),
    ],
)
def test_a_table_that_is_taken_is_refused(shop: Path, name: str, message: str) -> None:
    _refused(shop, ["model", name, "label:str"], message, f"choose another name for {name}")


def test_a_link_table_that_is_taken_is_refused(shop: Path) -> None:
    assert run_cli("model", "ItemTagLink", "label:str", cwd=shop).exit_code == 0
    _refused(
        shop,
        ["model", "Item", "label:str", "--many-to-many", "Tag"],
        "Item's name gives its link table 'item_tag_link', which is ItemTagLink's table",
        "choose another name for Item",
    )


def test_a_file_the_project_holds_is_refused(shop: Path) -> None:
    _refused(
        shop,
        ["crud", "Settings", "key:str", "--plural", "setting_entries"],
        "Settings would write tests/test_settings.py, which is the project's own",
        "choose another name for Settings",
    )


def test_a_relationship_attribute_that_is_taken_is_refused(shop: Path) -> None:
    _refused(
        shop,
        ["crud", "Offer", "price:int", "product:ref(Product)"],
        "Product would have two attributes named 'offers' (the field offers:int=0 and the "
        "relationship with Offer)",
        "give Offer another --plural",
    )
    result = run_cli(
        "crud", "Offer", "price:int", "product:ref(Product)", "--plural", "deals", cwd=shop
    )
    assert result.exit_code == 0, result.stderr
    assert 'deals: list["Offer"]' in (shop / "app/models/product.py").read_text()


def test_running_the_same_command_again_is_still_a_no_op(shop: Path) -> None:
    before = snapshot(shop)
    for args in (
        ["crud", "Product", "name:str(120)", "offers:int=0"],
        ["model", "Tag", "name:str(40)", "--many-to-many", "Product"],
    ):
        result = run_cli(*args, cwd=shop)
        assert result.exit_code == 0, result.stderr
        assert "nothing to do" in result.stdout
    assert snapshot(shop) == before


def test_the_builtin_names_are_what_the_project_template_has() -> None:
    routes = set()
    for module in (TEMPLATE / "app/api").glob("*.py"):
        routes |= set(re.findall(r'@router\.\w+\("/([^/"{]+)', module.read_text()))
        if module.stem != "__init__":
            routes.add(module.stem)  # a router module's name is its namespace
    assert 'f"{API_PREFIX}/docs"' in (TEMPLATE / "app/main.py").read_text()
    assert routes | {"docs"} == set(BUILTIN_ROUTES)

    app = [p.read_text() for p in (TEMPLATE / "app").rglob("*.py")]
    assert not any("table=True" in text or "__tablename__" in text for text in app)
    assert set(BUILTIN_TABLES) == {"alembic_version"}

    files = {
        p.relative_to(TEMPLATE).as_posix()
        for folder in ("app/api", "app/models", "app/schemas", "app/services")
        for p in (TEMPLATE / folder).glob("*.py")
        if p.name != "__init__.py"
    } | {p.relative_to(TEMPLATE).as_posix() for p in (TEMPLATE / "tests").glob("test_*.py")}
    assert files == BUILTIN_FILES
