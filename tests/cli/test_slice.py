"""`scaffold spec new|check` and `scaffold slice --spec` from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli, snapshot

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "specs"


def test_spec_new_writes_a_commented_example_that_checks(project: Path) -> None:
    result = run_cli("spec", "new", "tasks", "--resource", "Task", cwd=project)
    assert result.exit_code == 0, result.stderr
    spec = project / "specs/features/tasks.md"
    assert "<!--" in spec.read_text()
    checked = run_cli("spec", "check", str(spec), "--json")
    assert checked.exit_code == 0
    assert json.loads(checked.stdout)["data"]["resource"] == "Task"
    # It is the team's file now: never overwritten without --force.
    spec.write_text(spec.read_text() + "\nMine.\n")
    again = run_cli("spec", "new", "tasks", cwd=project)
    assert again.exit_code == 1
    assert spec.read_text().endswith("Mine.\n")
    assert "specs/features/tasks.md" not in (project / ".scaffold/manifest.json").read_text()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.split("## Fields")[0] + "## Fields\n\nnone\n", ":8: the '## Fields' section"),
        (lambda s: s.replace("| date |", "| dat |"), "unknown type 'dat'"),
        (lambda s: s.replace("| details | text", "| title | text"), "duplicate field 'title'"),
        (
            lambda s: s.replace("todo\\|doing\\|done", "todo|doing|done"),
            "7 cells, the header has 5",
        ),
    ],
)
def test_bad_specs_exit_2_with_the_line_and_write_nothing(
    project: Path, edit: object, message: str
) -> None:
    spec = project / "specs/features/tasks.md"
    spec.parent.mkdir(parents=True)
    assert callable(edit)
    spec.write_text(edit((EXAMPLES / "tasks.md").read_text()))
    before = snapshot(project)
    checked = run_cli("spec", "check", str(spec))
    assert checked.exit_code == 2
    assert message in checked.stderr
    assert f"{spec}:" in checked.stderr
    sliced = run_cli("slice", "--spec", "specs/features/tasks.md", cwd=project)
    assert sliced.exit_code == 2
    assert "specs/features/tasks.md:" in sliced.stderr and message in sliced.stderr
    assert snapshot(project) == before


def test_a_missing_spec_file(project: Path) -> None:
    result = run_cli("slice", "--spec", "specs/features/nope.md", cwd=project)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "scaffold spec new" in result.stderr


def test_slice_writes_crud_plus_service_and_records_the_spec(project: Path) -> None:
    (project / "specs/features").mkdir(parents=True)
    for name in ("projects.md", "tasks.md"):
        shutil.copy(EXAMPLES / name, project / "specs/features" / name)
    assert run_cli("slice", "--spec", "specs/features/projects.md", cwd=project).exit_code == 0
    result = run_cli("slice", "--spec", "specs/features/tasks.md", cwd=project)
    assert result.exit_code == 0, result.stderr
    for path in ("app/services/task.py", "tests/test_task_service.py", "app/api/task.py"):
        assert f"create  {path}" in result.stdout
    # Project's model gained its side of the relationship and kept its field descriptions.
    project_model = (project / "app/models/project.py").read_text()
    assert 'tasks: list["Task"] = Relationship(' in project_model
    assert "Label color in the UI" in project_model
    router = (project / "app/api/task.py").read_text()
    assert "from app.services import task as service" in router
    assert "service.list_tasks(" in router
    assert (
        "Completing a task sets `status` to `done`"
        in (project / "app/services/task.py").read_text()
    )
    manifest = json.loads((project / ".scaffold/manifest.json").read_text())
    assert manifest["resources"]["Task"]["spec"] == "specs/features/tasks.md"
    assert manifest["resources"]["Task"]["generator"] == "backend-scaffolder"
    before = snapshot(project)
    again = run_cli("slice", "--spec", "specs/features/tasks.md", cwd=project)
    assert again.exit_code == 0
    assert "nothing to do" in again.stdout
    assert snapshot(project) == before
