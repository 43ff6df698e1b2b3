"""Registering a router in app/main.py: exact before/after text, idempotent, user code kept."""

from __future__ import annotations

import pytest

from scaffold.edits.main_router import register_router, unregister_router
from scaffold.errors import ProjectError

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
    assert unregister_router(AFTER, "product") == BEFORE
    assert unregister_router(register_router(BEFORE, "author"), "author") == BEFORE


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
