"""Slices generated from feature specs run for real (ruff, mypy --strict, their tests including
filters and search, Alembic) on SQLite and PostgreSQL; the spec's prose reaches the docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PYTHON, fresh_postgres_database, run_cli
from tests.generated.toolchain import lint_and_typecheck, migrate_and_test, run_in

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "specs"

EVERY_TYPE = """# Inventory

Resource: Gizmo

Every field type the DSL knows, each with a description.

## Fields

| name | type | required | constraints | description |
| --- | --- | --- | --- | --- |
| label | str(40) | yes | index | A short label |
| blurb | text | no | | Longer text |
| count | int | yes | default: 1 | How many |
| weight | float | no | | In kilograms |
| active | bool | yes | default: true | Still in use |
| cost | decimal(12,4) | yes | | Unit cost |
| bought_on | date | no | | Purchase date |
| seen_at | datetime | no | | Last seen |
| serial | uuid | yes | unique | Serial number |
| specs | json | no | | Anything structured |
| grade | enum(a\\|b\\|c) | yes | default: b | Quality grade |
"""

WITH_RULES = """# Invoices

Resource: Invoice

Invoices a user sends to their customers. Amounts are in the user's currency.

## Fields

| name | type | required | constraints | description |
| --- | --- | --- | --- | --- |
| number | str(30) | yes | unique | The invoice number printed on the document |
| customer | str(120) | yes | | Who pays |
| total | decimal(12,2) | yes | | The amount due |
| paid | bool | yes | default: false | Whether it has been paid |
| due_on | date | yes | | Payment deadline |

## Endpoints

- `POST /api/invoices/{id}/send`: email the invoice to the customer.

## Business rules

- An invoice number is never reused, even after the invoice is deleted.
- A paid invoice can no longer change its total.

## Acceptance criteria

- [ ] Overdue invoices can be listed with `paid=false` and sorted by due date.
"""


def _project_with(root: Path, specs: dict[str, str]) -> Path:
    assert run_cli("new", str(root)).exit_code == 0
    (root / "specs/features").mkdir(parents=True)
    for name, text in specs.items():
        (root / "specs/features" / name).write_text(text)
        result = run_cli("slice", "--spec", f"specs/features/{name}", cwd=root)
        assert result.exit_code == 0, result.stderr
    return root


SPECS = {
    "every-type": {"gizmos.md": EVERY_TYPE},
    "ref-to-slice": {
        "projects.md": (EXAMPLES / "projects.md").read_text(),
        "tasks.md": (EXAMPLES / "tasks.md").read_text(),
    },
    "with-rules": {"invoices.md": WITH_RULES},
}


@pytest.fixture(scope="module", params=sorted(SPECS))
def sliced(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name = str(request.param)
    return _project_with(tmp_path_factory.mktemp(name) / name, SPECS[name])


def test_ruff_and_mypy_strict_pass(sliced: Path) -> None:
    lint_and_typecheck(sliced)


def test_tests_pass_on_sqlite(sliced: Path, tmp_path: Path) -> None:
    output = migrate_and_test(sliced, f"sqlite:///{tmp_path / 'dev.db'}")
    assert "test_list_searches" in run_in(
        sliced, [PYTHON, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    )
    assert "skipped" not in output


def test_tests_pass_on_postgresql(sliced: Path, postgres_admin_url: str) -> None:
    for database_url in fresh_postgres_database(postgres_admin_url):
        migrate_and_test(sliced, database_url)


def test_filters_and_search_are_generated_and_tested(tmp_path: Path) -> None:
    root = _project_with(tmp_path / "p", SPECS["ref-to-slice"])
    collected = run_in(
        root, [PYTHON, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    )
    for test in (
        "test_task.py::test_list_filters_by_status",
        "test_task.py::test_list_filters_by_due_on",
        "test_task.py::test_list_filters_by_done",
        "test_task.py::test_list_filters_by_project_id",
        "test_task.py::test_list_searches_text_fields_case_insensitively",
        "test_task_service.py::test_list_filters_by_project_id",
        "test_task_service.py::test_list_searches_case_insensitively",
        "test_project.py::test_list_filters_by_archived",
    ):
        assert test in collected, test


def test_the_specs_prose_reaches_the_docs(tmp_path: Path) -> None:
    root = _project_with(tmp_path / "p", SPECS["with-rules"])
    service = (root / "app/services/invoice.py").read_text()
    assert "An invoice number is never reused, even after the invoice is deleted." in service
    assert "Overdue invoices can be listed" in service
    assert "email the invoice to the customer" in (root / "app/api/invoice.py").read_text()
    script = "import json; from app.main import app; print(json.dumps(app.openapi()))"
    spec = json.loads(run_in(root, [PYTHON, "-c", script]))
    post = spec["paths"]["/api/invoices"]["post"]
    assert post["tags"] == ["Invoices"]
    assert "Invoices a user sends to their customers." in post["description"]
    # Prose rules are the service's to enforce: the OpenAPI text promises only what the API does.
    assert "A paid invoice can no longer change its total." in service
    assert "A paid invoice can no longer change its total." not in post["description"]
    fields = spec["components"]["schemas"]["InvoiceCreate"]["properties"]
    assert fields["number"]["description"] == "The invoice number printed on the document"
    assert fields["paid"]["description"] == "Whether it has been paid"
