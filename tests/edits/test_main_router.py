"""Registering a router in app/main.py: exact before/after text, idempotent, user code kept."""

from __future__ import annotations

import pytest

from scaffold.edits.main_router import MAIN_PATH, register_router, unregister_router
from scaffold.edits.references import Reference, Unregistration
from scaffold.edits.text import BOM
from scaffold.errors import ProjectError
from tests.edits.ruff_agrees import ruff_findings

BEFORE = '''"""My app."""

from fastapi import FastAPI

# routers, keep sorted
from app.api.health import router as health_router
from app.api.users import router as users_router  # who am I
from app.core.config import API_PREFIX

app = FastAPI()  # the app

app.include_router(health_router, prefix=API_PREFIX)
app.include_router(users_router, prefix=API_PREFIX)


@app.get("/custom")
def custom() -> dict[str, str]:
    # my own route
    return {"hello":   "world"}
'''

AFTER = '''"""My app."""

from fastapi import FastAPI

# routers, keep sorted
from app.api.health import router as health_router
from app.api.product import router as product_router
from app.api.users import router as users_router  # who am I
from app.core.config import API_PREFIX

app = FastAPI()  # the app

app.include_router(health_router, prefix=API_PREFIX)
app.include_router(users_router, prefix=API_PREFIX)
app.include_router(product_router, prefix=API_PREFIX)


@app.get("/custom")
def custom() -> dict[str, str]:
    # my own route
    return {"hello":   "world"}
'''


def test_register_inserts_sorted_import_and_include() -> None:
    assert register_router(BEFORE, "product") == AFTER


def test_register_twice_is_register_once() -> None:
    assert register_router(register_router(BEFORE, "product"), "product") == AFTER


def test_a_module_sorting_first_takes_over_the_comment_above_the_block() -> None:
    after = register_router(BEFORE, "author")
    assert "# routers, keep sorted\nfrom app.api.author import router as author_router\n" in after
    assert "from app.api.author import router as author_router\nfrom app.api.health" in after


def test_unregister_restores_the_file_exactly() -> None:
    assert unregister_router(AFTER, "product") == Unregistration(BEFORE, ())
    assert unregister_router(register_router(BEFORE, "author"), "author").code == BEFORE
    assert unregister_router(BEFORE, "product") == Unregistration(BEFORE, ())  # idempotent


def test_without_includes_the_call_goes_after_the_app() -> None:
    source = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    result = register_router(source, "product")
    assert result == (
        "from fastapi import FastAPI\n"
        "from app.api.product import router as product_router\n\n"
        "app = FastAPI()\n\n"
        'app.include_router(product_router, prefix="/api")\n'
    )


def test_a_main_without_an_app_is_a_clear_error() -> None:
    with pytest.raises(ProjectError, match=r"no top-level `app = FastAPI\("):
        register_router("print('hi')\n", "product")


def test_a_main_that_does_not_parse_is_a_clear_error() -> None:
    with pytest.raises(ProjectError, match=r"app/main\.py does not parse"):
        register_router("def broken(:\n", "product")


# --- unregistering: only scaffold's statements go; the user's uses of the router are named ---

WITH_V2 = AFTER.replace(
    "app.include_router(product_router, prefix=API_PREFIX)\n",
    "app.include_router(product_router, prefix=API_PREFIX)\n"
    'app.include_router(product_router, prefix="/v2")  # the old clients\n',
)


def test_a_second_include_of_the_router_is_the_users_and_is_named() -> None:
    result = unregister_router(WITH_V2, "product")
    assert result.references == (Reference(16, "product_router"),)
    assert result.code == BEFORE  # what --force writes: the user's include goes too
    assert unregister_router(result.code, "product") == Unregistration(BEFORE, ())


def test_every_kind_of_use_of_the_module_is_named_and_the_smallest_piece_goes() -> None:
    source = AFTER.replace(
        "from app.core.config import API_PREFIX\n",
        "from app.api import product as product_api, users\n"
        "from app.api.product import PAGE_SIZE  # mine\n"
        "from app.core.config import API_PREFIX\n",
    ) + (
        "\n\n"
        '@app.get("/routes")\n'
        "def routes() -> int:\n"
        "    return len(product_router.routes) + PAGE_SIZE\n"
        "\n\n"
        "def both() -> list[object]:\n"
        "    found: list[object] = [users.router]\n"
        "    found.append(product_api.router); found.append(1)\n"
        "    return found\n"
    )
    result = unregister_router(source, "product")
    assert result.references == (
        Reference(9, "app.api.product"),
        Reference(10, "app.api.product"),
        Reference(28, "PAGE_SIZE"),
        Reference(28, "product_router"),
        Reference(33, "product_api"),
    )
    assert result.code == BEFORE.replace(
        "from app.core.config import API_PREFIX\n",
        "from app.api import users\nfrom app.core.config import API_PREFIX\n",
    ) + (
        "\n\n"
        "def both() -> list[object]:\n"
        "    found: list[object] = [users.router]\n"
        "    found.append(1)\n"
        "    return found\n"
    )


def test_lines_that_do_not_use_the_router_stay_exactly() -> None:
    mine = (
        "\n\nproductivity_router = settings.product_router  # an attribute, not the name\n"
        "configure(product_router=1)  # a keyword, not the name\n"
    )
    source = (
        AFTER.replace(
            "app.include_router(product_router, prefix=API_PREFIX)\n",
            "# the catalogue\n"
            "app.include_router(product_router, prefix=API_PREFIX)\n"
            'app.include_router(users_router, prefix="/v2")\n',
        )
        + mine
    )
    expected = (
        BEFORE.replace(
            "app.include_router(users_router, prefix=API_PREFIX)\n",
            "app.include_router(users_router, prefix=API_PREFIX)\n"
            "# the catalogue\n"
            'app.include_router(users_router, prefix="/v2")\n',
        )
        + mine
    )
    assert unregister_router(source, "product") == Unregistration(expected, ())


def test_scaffolds_include_is_known_in_any_layout_and_with_either_prefix() -> None:
    wrapped = AFTER.replace(
        "app.include_router(product_router, prefix=API_PREFIX)\n",
        "app.include_router(\n    product_router,\n    prefix=API_PREFIX,\n)\n",
    )
    assert unregister_router(wrapped, "product") == Unregistration(BEFORE, ())
    plain = register_router("from fastapi import FastAPI\n\napp = FastAPI()\n", "product")
    assert unregister_router(plain, "product") == Unregistration(
        "from fastapi import FastAPI\n\napp = FastAPI()\n", ()
    )


@pytest.mark.parametrize(
    ("newline", "bom"), [("\r\n", ""), ("\n", BOM), ("\r\n", BOM)], ids=["crlf", "bom", "both"]
)
def test_line_endings_and_a_bom_are_kept(newline: str, bom: str) -> None:
    before = bom + BEFORE.replace("\n", newline)
    after = register_router(before, "product")
    assert after == bom + AFTER.replace("\n", newline)
    assert register_router(after, "product") == after
    assert unregister_router(after, "product") == Unregistration(before, ())
    forced = unregister_router(bom + WITH_V2.replace("\n", newline), "product")
    assert forced == Unregistration(before, (Reference(16, "product_router"),))


def test_added_lines_take_the_dominant_line_ending_and_the_others_keep_theirs() -> None:
    before = BEFORE.replace("\n", "\r\n").replace("\r\n", "\n", 1)  # the first line ends in LF
    after = register_router(before, "product")
    assert after == AFTER.replace("\n", "\r\n").replace("\r\n", "\n", 1)
    assert unregister_router(after, "product").code == before


def test_a_comment_above_scaffolds_last_line_stays() -> None:
    source = (
        "from fastapi import FastAPI\n"
        "from app.api.product import router as product_router\n\n"
        "app = FastAPI()\n\n"
        "# products\n"
        'app.include_router(product_router, prefix="/api")\n'
    )
    assert unregister_router(source, "product") == Unregistration(
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n# products\n", ()
    )


def test_relative_and_dotted_imports_of_the_module_are_named() -> None:
    source = (
        AFTER
        + "\n\nfrom .api import product  # noqa: E402\nimport app.api.product.schemas as s, os\n"
        + "PAGES = app.api.product.PAGES\n"
    )
    result = unregister_router(source, "product")
    assert result.references == (
        Reference(24, "app.api.product"),
        Reference(25, "app.api.product"),
        Reference(26, "app.api.product"),
    )
    assert result.code == BEFORE + "\n\nimport os\n"


def test_a_use_in_a_block_takes_the_smallest_piece_and_what_it_empties() -> None:
    source = AFTER + (
        "\n\nif settings.V2:\n"
        '    app.include_router(product_router, prefix="/v2")\n'
        '    app.include_router(users_router, prefix="/v2")\n'
        "if settings.V3:\n"
        '    app.include_router(product_router, prefix="/v3")\n'
        "elif product_router.tags:\n"
        "    pass\n"
        "elif settings.V4:\n"
        "    print('v4')\n"
    )
    result = unregister_router(source, "product")
    assert [r.line for r in result.references] == [25, 28, 29]
    assert result.code == BEFORE + (
        "\n\nif settings.V2:\n"
        '    app.include_router(users_router, prefix="/v2")\n'
        "if settings.V3:\n"
        "    pass\n"
        "elif settings.V4:\n"
        "    print('v4')\n"
    )
    assert unregister_router(result.code, "product") == Unregistration(result.code, ())


def test_a_block_that_only_used_it_goes() -> None:
    source = AFTER + "\n\nif settings.V2:\n    product_router.tags = ['v2']\n"
    assert unregister_router(source, "product").code == BEFORE


# --- long names: the lines go in wrapped as ruff wraps them ----------------------------------

LONG = "warehouse_inventory_adjustment_request_line_item_approval_steps"  # 63 bytes: the most

AFTER_LONG = '''"""My app."""

from fastapi import FastAPI

# routers, keep sorted
from app.api.health import router as health_router
from app.api.users import router as users_router  # who am I
from app.api.warehouse_inventory_adjustment_request_line_item_approval_steps import (
    router as warehouse_inventory_adjustment_request_line_item_approval_steps_router,
)
from app.core.config import API_PREFIX

app = FastAPI()  # the app

app.include_router(health_router, prefix=API_PREFIX)
app.include_router(users_router, prefix=API_PREFIX)
app.include_router(
    warehouse_inventory_adjustment_request_line_item_approval_steps_router, prefix=API_PREFIX
)


@app.get("/custom")
def custom() -> dict[str, str]:
    # my own route
    return {"hello":   "world"}
'''


def test_a_long_name_goes_in_wrapped_as_ruff_wraps_it() -> None:
    after = register_router(BEFORE, LONG)
    assert after == AFTER_LONG
    assert register_router(after, LONG) == after
    assert unregister_router(after, LONG) == Unregistration(BEFORE, ())
    # ruff would change nothing of scaffold's, only the user's `{"hello":   "world"}`.
    tidy = AFTER_LONG.replace('"hello":   "world"', '"hello": "world"')
    assert ruff_findings(tidy, MAIN_PATH) == ""


def test_a_name_too_long_for_one_argument_line_gets_one_argument_a_line() -> None:
    name = "x" * 80  # past PostgreSQL's 63 bytes, which crud refuses: the layout still holds
    after = register_router("app = FastAPI()\n", name)
    assert after == (
        f"from app.api.{name} import (\n    router as {name}_router,\n)\n"
        "app = FastAPI()\n\n"
        f'app.include_router(\n    {name}_router,\n    prefix="/api",\n)\n'
    )
    assert unregister_router(after, name).code == "app = FastAPI()\n"


@pytest.mark.parametrize(
    ("newline", "bom"), [("\r\n", ""), ("\n", BOM), ("\r\n", BOM)], ids=["crlf", "bom", "both"]
)
def test_wrapped_lines_take_the_files_line_ending_and_keep_its_bom(newline: str, bom: str) -> None:
    before = bom + BEFORE.replace("\n", newline)
    after = register_router(before, LONG)
    assert after == bom + AFTER_LONG.replace("\n", newline)
    assert register_router(after, LONG) == after
    assert unregister_router(after, LONG) == Unregistration(before, ())


def test_a_registration_the_user_rewrapped_is_still_scaffolds() -> None:
    flat = AFTER_LONG.replace(
        f"import (\n    router as {LONG}_router,\n)\n", f"import router as {LONG}_router\n"
    ).replace(
        f"app.include_router(\n    {LONG}_router, prefix=API_PREFIX\n)\n",
        f"app.include_router({LONG}_router, prefix=API_PREFIX)\n",
    )
    assert flat.count(LONG) == 3
    assert register_router(flat, LONG) == flat
    assert unregister_router(flat, LONG) == Unregistration(BEFORE, ())
