"""`scaffold upgrade`: the fast cases (up to date, bad input). Merges: tests/generated/."""

from __future__ import annotations

import json
from pathlib import Path

from scaffold.engine.template_snapshot import SNAPSHOT_PATH, TemplateSnapshot
from scaffold.generators.project import bundled_template
from tests.conftest import run_cli, snapshot


def test_new_records_the_template_it_was_made_from(project: Path) -> None:
    recorded = TemplateSnapshot.load(project)
    assert recorded.files == TemplateSnapshot.read_template(bundled_template()).files
    assert "copier.yml" in recorded.files
    assert "template/app/main.py" in recorded.files


def test_a_project_of_the_installed_template_is_up_to_date(project: Path) -> None:
    before = snapshot(project)
    result = run_cli("upgrade", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert "up to date" in result.stdout
    as_json = run_cli("upgrade", "--json", "--project", str(project))
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)["data"]
    assert (data["up_to_date"], data["changes"], data["conflicts"]) == (True, [], [])
    assert snapshot(project) == before


def test_a_missing_snapshot_is_one_error_and_writes_nothing(project: Path) -> None:
    (project / SNAPSHOT_PATH).unlink()
    before = snapshot(project)
    result = run_cli("upgrade", cwd=project)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "(fix: " in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    as_json = run_cli("upgrade", "--json", cwd=project)
    assert json.loads(as_json.stdout)["error"]["code"] == "no_template_snapshot"
    assert snapshot(project) == before


def test_a_corrupt_snapshot_is_one_error(project: Path) -> None:
    (project / SNAPSHOT_PATH).write_text('{"format": 1, "files": {"a": 3}}\n')
    result = run_cli("upgrade", "--json", cwd=project)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "bad_template_snapshot"


def test_a_snapshot_cannot_name_files_outside_the_template(project: Path) -> None:
    document = json.loads((project / SNAPSHOT_PATH).read_text())
    document["files"]["../../escaped.txt"] = ["x\n"]
    (project / SNAPSHOT_PATH).write_text(json.dumps(document))
    result = run_cli("upgrade", "--json", cwd=project)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "bad_template_snapshot"


def test_outside_a_project_is_one_error(tmp_path: Path) -> None:
    result = run_cli("upgrade", "--project", str(tmp_path))
    assert result.exit_code == 2
    assert "no scaffold project" in result.stderr


def test_help_has_an_example() -> None:
    result = run_cli("upgrade", "--help")
    assert result.exit_code == 0
    assert "Example: scaffold upgrade --dry-run" in " ".join(result.stdout.split())
