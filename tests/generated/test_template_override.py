"""A team's template override, end to end: eject crud-builder, add an endpoint (and its test) to
the ejected templates, generate a resource, and run the generated project's own tool chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PYTHON, run_cli
from tests.generated.toolchain import run_in, run_tests

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

    # The generated project's tests use their own SQLite file (run_in hands down no settings).
    run_in(root, [PYTHON, "-m", "ruff", "check", "."])
    run_in(root, [PYTHON, "-m", "ruff", "format", "--check", "."])
    assert "Success: no issues found" in run_in(root, [PYTHON, "-m", "mypy"])
    run_tests(root, None)
    verbose = run_in(
        root, [PYTHON, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-k", "owner_endpoint"]
    )
    # The team's test ran (and passed) once per generated resource.
    assert verbose.count("::test_owner_endpoint_from_the_team_template PASSED") == 2
    assert " 2 passed" in verbose
