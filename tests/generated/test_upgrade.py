"""`scaffold upgrade` on a project made with an older template: copier's three-way merge brings
the template's improvements, keeps the user's edits, shows colliding ones as conflicts, and the
upgraded project still passes its own tests."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from scaffold import api
from scaffold.engine.manifest import Manifest
from scaffold.engine.plan import content_hash
from scaffold.engine.template_snapshot import TemplateSnapshot
from scaffold.generators.project import bundled_template
from tests.conftest import PYTHON, run, run_cli, snapshot
from tests.generated.toolchain import run_in

pytestmark = pytest.mark.slow

OLD_HEALTH_DOC = '"""Liveness (old template)."""'
OLD_MAIN_DOC = '"""The application (old template)."""'
USER_HEALTH_DOC = '"""Health check, in my words."""'
USER_MAIN_LINE = "# my own line, below the template's code\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def _replace_docstring(path: Path, docstring: str) -> None:
    """Replace a module's one-line docstring (its first line)."""
    first, rest = path.read_text().split("\n", 1)
    assert re.fullmatch(r'""".*"""', first), f"{path} no longer starts with a one-line docstring"
    path.write_text(f"{docstring}\n{rest}")


@pytest.fixture(scope="module")
def older_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled template, edited back into an "older" one."""
    root = tmp_path_factory.mktemp("older") / "project"
    shutil.copytree(bundled_template(), root)
    files = root / "template"
    _replace_docstring(files / "app/api/health.py", OLD_HEALTH_DOC)  # the new one improves it
    _replace_docstring(files / "app/main.py", OLD_MAIN_DOC)
    (files / "tests/test_health.py").unlink()  # the new template adds it
    (files / "app/legacy.py").write_text("LEGACY = 1\n")  # the new template drops these
    (files / "app/legacy_edited.py").write_text("LEGACY = 2\n")
    return root


@pytest.fixture
def old_project(older_template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    api.new_project(root, template=older_template)
    assert (root / "app/api/health.py").read_text().startswith(OLD_HEALTH_DOC)
    # A user's edit far from the template's change, and a file the template will drop.
    with (root / "app/main.py").open("a") as handle:
        handle.write(USER_MAIN_LINE)
    (root / "app/legacy_edited.py").write_text("LEGACY = 2  # I use this\n")
    return root


def _collide(root: Path) -> None:
    """A user's edit on the very line the new template changes."""
    _replace_docstring(root / "app/api/health.py", USER_HEALTH_DOC)


def test_dry_run_shows_the_merge_and_conflicts_and_writes_nothing(old_project: Path) -> None:
    _collide(old_project)
    before = snapshot(old_project)
    result = run_cli("upgrade", "--dry-run", cwd=old_project)
    assert result.exit_code == 1, result.stderr
    assert "+++ b/tests/test_health.py" in result.stdout  # a new file, with its diff
    assert f"-{OLD_MAIN_DOC}" in result.stdout  # the merged change to main.py
    assert "<<<<<<< before updating" in result.stdout  # the conflict, as it would be written
    assert "merge conflicts: app/api/health.py" in result.stderr
    assert "dry run: nothing was written." in result.stdout
    as_json = run_cli("upgrade", "--dry-run", "--json", cwd=old_project)
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)["data"]
    assert (data["dry_run"], data["written"], data["conflicts"]) == (
        True,
        [],
        ["app/api/health.py"],
    )
    statuses = {c["path"]: c["status"] for c in data["changes"]}
    assert statuses["tests/test_health.py"] == "create"
    assert statuses["app/main.py"] == "update"
    assert statuses["app/legacy.py"] == "delete"
    assert statuses["app/legacy_edited.py"] == "keep"
    assert all("diff" in c for c in data["changes"] if c["status"] not in {"keep", "identical"})
    assert snapshot(old_project) == before


def test_upgrade_merges_keeps_edits_and_marks_conflicts(old_project: Path) -> None:
    _collide(old_project)
    bundled = bundled_template() / "template"
    result = run_cli("upgrade", cwd=old_project)
    assert result.exit_code == 1, result.stderr
    assert "1 file(s) have merge conflicts: app/api/health.py" in result.stderr

    # The template's improvements arrived.
    new_test = (bundled / "tests/test_health.py").read_text()
    assert (old_project / "tests/test_health.py").read_text() == new_test
    assert not (old_project / "app/legacy.py").exists()
    # The non-colliding edit survived the merge, next to the template's change.
    main = (old_project / "app/main.py").read_text()
    assert main == (bundled / "app/main.py").read_text() + USER_MAIN_LINE
    # A dropped file the user edited stays.
    assert (old_project / "app/legacy_edited.py").read_text() == "LEGACY = 2  # I use this\n"
    # The colliding edit: both versions are visible between markers.
    health = (old_project / "app/api/health.py").read_text()
    new_doc = (bundled / "app/api/health.py").read_text().split("\n", 1)[0]
    assert health.startswith(
        f"<<<<<<< before updating\n{USER_HEALTH_DOC}\n=======\n{new_doc}\n>>>>>>> after updating\n"
    )

    # The manifest: scaffold's files at the new template's hashes; edited ones stay edited.
    manifest = Manifest.load(old_project)
    assert manifest.file_hash("tests/test_health.py") == content_hash(new_test)
    assert manifest.file_hash("app/main.py") == content_hash((bundled / "app/main.py").read_text())
    assert manifest.file_hash("app/main.py") != content_hash(main)
    assert manifest.file_hash("app/api/health.py") != content_hash(health)
    assert "app/legacy.py" not in manifest.files
    assert "app/legacy_edited.py" not in manifest.files
    # The recorded template is now the installed one, and the answers point at it.
    assert TemplateSnapshot.load(old_project).files == (
        TemplateSnapshot.read_template(bundled_template()).files
    )
    answers = (old_project / ".copier-answers.yml").read_text()
    assert f"_src_path: {bundled_template()}" in answers
    assert "project_name: shop" in answers

    # Again: nothing left to do, nothing written.
    before = snapshot(old_project)
    again = run_cli("upgrade", cwd=old_project)
    assert again.exit_code == 0 and "up to date" in again.stdout
    assert snapshot(old_project) == before


def test_a_clean_upgrade_passes_the_projects_own_tests(old_project: Path, tmp_path: Path) -> None:
    # A resource too: crud's edits to app/main.py merge with the template's change to it.
    crud = run_cli("crud", "Note", "title:str(80)", "done:bool=false", cwd=old_project)
    assert crud.exit_code == 0, crud.stderr
    result = run_cli("upgrade", "--json", cwd=old_project)
    assert result.exit_code == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)["data"]
    assert data["conflicts"] == []
    assert "tests/test_health.py" in data["written"]
    main = (old_project / "app/main.py").read_text()
    assert "<<<<<<<" not in main
    assert main.startswith((bundled_template() / "template/app/main.py").read_text()[:40])
    assert "include_router(note_router" in main and main.endswith(USER_MAIN_LINE)
    tests = run_in(old_project, [PYTHON, "-m", "pytest", "-v", "-p", "no:cacheprovider"])
    assert "tests/test_health.py::" in tests  # the template's new tests ran too


def test_in_git_uncommitted_changes_to_upgraded_files_stop_it(old_project: Path) -> None:
    git = ["git", "-c", "init.defaultBranch=main"]
    run([*git, "init", "-q"], old_project)
    run([*git, "add", "-A"], old_project)
    run([*git, "commit", "-q", "-m", "old"], old_project, env=GIT_ENV)
    with (old_project / "app/main.py").open("a") as handle:
        handle.write("# not committed yet\n")
    before = snapshot(old_project)
    result = run_cli("upgrade", cwd=old_project)
    assert result.exit_code == 2
    assert "uncommitted changes in files the upgrade would change: app/main.py" in result.stderr
    assert "commit or stash your changes first" in result.stderr
    assert snapshot(old_project) == before
    # The dry run still previews; once committed, the upgrade goes through.
    assert run_cli("upgrade", "--dry-run", cwd=old_project).exit_code == 0
    run([*git, "commit", "-q", "-am", "mine"], old_project, env=GIT_ENV)
    assert run_cli("upgrade", cwd=old_project).exit_code == 0
    assert (old_project / "app/main.py").read_text().endswith("# not committed yet\n")
