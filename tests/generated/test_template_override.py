"""A team's template override, end to end: eject crud-builder, add an endpoint (and its test) to
the ejected templates, generate a resource, and run the generated project's own tool chain."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PYTHON, run, run_cli

pytestmark = pytest.mark.slow

OVERRIDES = Path(".scaffold/templates/crud-builder")

ENDPOINT = '''

@router.get("/_meta/owner")
def {{ r.module }}_owner() -> dict[str, str]:
    """TEAM-OVERRIDE-MARKER: every resource of ours says who owns it."""
    return {"resource": "{{ r.class_name }}", "owner": "platform-team"}
'''

ENDPOINT_TEST = """

def test_owner_endpoint_from_the_team_template(client: TestClient) -> None:
    response = client.get(f"{URL}/_meta/owner")
    assert response.status_code == 200
    assert response.json() == {"resource": "{{ r.class_name }}", "owner": "platform-team"}
"""


def _env() -> dict[str, str]:
    # The generated project's tests use their own SQLite file unless DATABASE_URL says otherwise.
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DATABASE_URL"))}


def test_an_edited_ejected_router_is_generated_and_passes_its_tests(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    assert run_cli("new", str(root)).exit_code == 0
    ejected = run_cli("templates", "eject", "crud-builder", cwd=root)
    assert ejected.exit_code == 0, ejected.stderr
    router, tests = root / OVERRIDES / "router.py.jinja", root / OVERRIDES / "test.py.jinja"
    router.write_text(router.read_text() + ENDPOINT)
    tests.write_text(tests.read_text() + ENDPOINT_TEST)

    diff = run_cli("templates", "diff", cwd=root)
    assert diff.exit_code == 1
    assert '+@router.get("/_meta/owner")' in diff.stdout

    for args in (
        ["Category", "name:str(80):unique"],
        ["Product", "name:str(120)", "price:decimal(10,2)", "category:ref(Category)?"],
    ):
        result = run_cli("crud", *args, cwd=root)
        assert result.exit_code == 0, result.stderr
    generated = (root / "app/api/product.py").read_text()
    assert "TEAM-OVERRIDE-MARKER" in generated
    assert '@router.get("/_meta/owner")' in generated
    assert "def product_owner() -> dict[str, str]:" in generated
    assert (
        "test_owner_endpoint_from_the_team_template" in (root / "tests/test_product.py").read_text()
    )

    env = _env()
    run([PYTHON, "-m", "ruff", "check", "."], root, env)
    run([PYTHON, "-m", "ruff", "format", "--check", "."], root, env)
    assert "Success: no issues found" in run([PYTHON, "-m", "mypy"], root, env)
    output = run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root, env)
    assert " passed" in output and "failed" not in output
    verbose = run(
        [PYTHON, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-k", "owner_endpoint"],
        root,
        env,
    )
    # The team's test ran (and passed) once per generated resource.
    assert verbose.count("::test_owner_endpoint_from_the_team_template PASSED") == 2
    assert " 2 passed" in verbose
