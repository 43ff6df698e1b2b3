"""`scaffold templates eject|diff|list`, and overrides that `scaffold crud` uses or rejects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scaffold import __version__
from scaffold.engine.overrides import EJECT_RECORD, builtin_files, ejectable, select
from scaffold.engine.plan import content_hash
from scaffold.engine.resources import templates_dir
from scaffold.registry import SKILLS
from tests.conftest import run_cli, snapshot

PRODUCT = ["Product", "name:str(120)", "price:decimal(10,2)"]
OVERRIDES = ".scaffold/templates"
ROUTER = f"{OVERRIDES}/crud-builder/router.py.jinja"


def _eject_router(project: Path) -> Path:
    result = run_cli("templates", "eject", "crud-builder", "router.py.jinja", cwd=project)
    assert result.exit_code == 0, result.stderr
    return project / ROUTER


def _put_on_line_3(path: Path, line: str) -> None:
    """Put `line` on line 3 of a template, after two comment lines (at the top: rendered
    whatever the rest of the template does)."""
    path.write_text("{# our header #}\n{# line 2 #}\n" + line + "\n" + path.read_text())


# --- which templates ------------------------------------------------------------------------


KNOWN = ", ".join(dict.fromkeys(s.skill for s in ejectable()))


def test_ejectable_sets_come_from_the_registry_without_the_project_template() -> None:
    folders = {
        folder
        for s in SKILLS
        for folder in {s.templates, s.name}
        if folder and folder != "project" and (templates_dir() / folder).is_dir()
    }
    sets = ejectable()
    # Each folder once, under the first skill that names it (model shares crud's templates).
    assert sorted(s.folder for s in sets) == sorted(folders)
    assert ("crud-builder", "crud-builder") in {(s.skill, s.folder) for s in sets}
    assert all(s.folder != "project" for s in sets)
    assert [s.folder for s in select("sqlmodel-schema-builder")] == ["crud-builder"]


# --- eject ----------------------------------------------------------------------------------


def test_eject_copies_every_generator_template_and_records_the_version(project: Path) -> None:
    manifest_before = json.loads((project / ".scaffold/manifest.json").read_text())
    result = run_cli("templates", "eject", cwd=project)
    assert result.exit_code == 0, result.stderr
    expected = {t: p for s in ejectable() for t, p in builtin_files(s.folder).items()}
    assert expected
    for template, source in expected.items():
        copy = project / OVERRIDES / template
        assert copy.read_text() == source.read_text()
        assert f"create  {OVERRIDES}/{template}" in result.stdout
    assert not (project / OVERRIDES / "project").exists()  # the copier template is not ejected
    record = json.loads((project / EJECT_RECORD).read_text())
    assert record["files"] == {
        t: {"scaffold": __version__, "sha256": content_hash(p.read_text())}
        for t, p in expected.items()
    }
    # The copies are the team's files: not tracked as generated.
    manifest = json.loads((project / ".scaffold/manifest.json").read_text())
    assert manifest["files"] == manifest_before["files"]


def test_eject_again_is_identical_and_writes_nothing(project: Path) -> None:
    run_cli("templates", "eject", "crud-builder", cwd=project)
    before = snapshot(project)
    again = run_cli("templates", "eject", "crud-builder", cwd=project)
    assert again.exit_code == 0
    assert "nothing to do" in again.stdout
    assert snapshot(project) == before


@pytest.mark.parametrize("skill", sorted({s.skill for s in ejectable()}))
def test_eject_one_skill_copies_only_its_folders(project: Path, skill: str) -> None:
    result = run_cli("templates", "eject", skill, cwd=project)
    assert result.exit_code == 0, result.stderr
    folders = {s.folder for s in ejectable() if s.skill == skill}
    present = {p.name for p in (project / OVERRIDES).iterdir() if p.is_dir()}
    assert present == folders
    for folder in folders:
        assert set(builtin_files(folder)) == {
            p.relative_to(project / OVERRIDES).as_posix()
            for p in (project / OVERRIDES / folder).rglob("*")
            if p.is_file()
        }


def test_eject_one_file(project: Path) -> None:
    router = _eject_router(project)
    assert router.is_file()
    assert sorted(p.name for p in router.parent.iterdir()) == ["router.py.jinja"]
    assert list(json.loads((project / EJECT_RECORD).read_text())["files"]) == [
        "crud-builder/router.py.jinja"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], f"no templates to eject for skill 'nope' (skills with templates: {KNOWN})"),
        (["project"], "no templates to eject for skill 'project'"),
        (["stateless-agent-enforcer"], f"skills with templates: {KNOWN})"),
        (["crud-builder", "nope.jinja"], "crud-builder has no template 'nope.jinja'"),
    ],
)
def test_eject_bad_input_is_exit_2_and_writes_nothing(
    project: Path, args: list[str], message: str
) -> None:
    before = snapshot(project)
    result = run_cli("templates", "eject", *args, cwd=project)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "(fix: " in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before
    as_json = run_cli("templates", "eject", *args, "--json", cwd=project)
    assert as_json.exit_code == 2
    assert message in json.loads(as_json.stdout)["error"]["message"]


def test_eject_outside_a_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("templates", "eject", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no scaffold project" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_eject_over_an_edited_copy_is_a_conflict_unless_forced(project: Path) -> None:
    router = _eject_router(project)
    pristine = router.read_text()
    router.write_text(pristine + "{# our change #}\n")
    before = snapshot(project)
    result = run_cli("templates", "eject", "crud-builder", cwd=project)
    assert result.exit_code == 1
    assert f"conflict  {ROUTER}  (your copy differs from the built-in)" in result.stdout
    assert "-{# our change #}" in result.stdout
    assert "nothing was written" in result.stderr
    assert snapshot(project) == before

    data = json.loads(run_cli("templates", "eject", "--json", cwd=project).stdout)["data"]
    assert data["conflicts"] == [ROUTER]
    assert data["written"] == []
    assert snapshot(project) == before

    forced = run_cli("templates", "eject", "crud-builder", "--force", cwd=project)
    assert forced.exit_code == 0
    assert f"update  {ROUTER}  (your edits overwritten (--force))" in forced.stdout
    assert router.read_text() == pristine


def test_eject_dry_run_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    result = run_cli("templates", "eject", "--dry-run", cwd=project)
    assert result.exit_code == 0
    assert f"create  {ROUTER}" in result.stdout
    assert "dry run: nothing was written" in result.stdout
    data = json.loads(run_cli("templates", "eject", "--dry-run", "--json", cwd=project).stdout)
    statuses = {c["path"]: c["status"] for c in data["data"]["changes"]}
    assert statuses[ROUTER] == "create"
    assert statuses[EJECT_RECORD] == "create"
    assert snapshot(project) == before


# --- overrides in use -----------------------------------------------------------------------


def test_an_overridden_router_template_is_used(project: Path) -> None:
    router = _eject_router(project)
    router.write_text(router.read_text() + "\n\n# TEAM-OVERRIDE-MARKER: reviewed by platform\n")
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 0, result.stderr
    generated = (project / "app/api/product.py").read_text()
    assert "# TEAM-OVERRIDE-MARKER: reviewed by platform" in generated
    # The other files still come from the built-ins.
    assert "TEAM-OVERRIDE-MARKER" not in (project / "app/models/product.py").read_text()


BROKEN = [
    # (line 3 of the router, the error it must name)
    (
        "{{ r.module + }}",
        "router.py.jinja:3 (project override): unexpected 'end of print statement'",
    ),
    ("{{ not_a_variable }}", "router.py.jinja:3 (project override): 'not_a_variable' is undefined"),
    (
        "{{ r.no_such_name }}",
        "router.py.jinja:3 (project override): 'scaffold.model.naming.Resource",
    ),
    # An unknown filter inside a condition is only found while rendering.
    (
        "{% if r %}{{ r.module | no_such_filter }}{% endif %}",
        "router.py.jinja:3 (project override): No filter named 'no_such_filter'",
    ),
    ("{{ r.module() }}", "router.py.jinja:3 (project override): TypeError: "),
    (
        "{% include 'crud-builder/_missing.jinja' %}",
        "router.py.jinja:3 (project override): includes crud-builder/_missing.jinja",
    ),
]


@pytest.mark.parametrize(("line", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_override_fails_naming_file_and_line_and_writes_nothing(
    project: Path, line: str, message: str
) -> None:
    _put_on_line_3(_eject_router(project), line)
    before = snapshot(project)
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 2
    assert f"error: template {OVERRIDES}/crud-builder/{message}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(project) == before
    error = json.loads(run_cli("crud", *PRODUCT, "--json", cwd=project).stdout)["error"]
    assert error["code"] == "template_error"
    assert f"{OVERRIDES}/crud-builder/{message}" in error["message"]
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("partial", "message"),
    [
        (
            "\n\n{{ missing_in_partial }}\n",
            "_team.jinja:3 (project override): 'missing_in_partial'",
        ),
        ("\n{% if %}\n", "_team.jinja:2 (project override): Expected an expression"),
    ],
)
def test_an_error_in_an_included_partial_names_the_partial(
    project: Path, partial: str, message: str
) -> None:
    _put_on_line_3(_eject_router(project), "{% include 'crud-builder/_team.jinja' %}")
    (project / OVERRIDES / "crud-builder/_team.jinja").write_text(partial)
    before = snapshot(project)
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 2
    assert f"error: template {OVERRIDES}/crud-builder/{message}" in result.stderr
    assert snapshot(project) == before


def test_an_override_that_renders_invalid_python_names_template_and_rendered_line(
    project: Path,
) -> None:
    router = _eject_router(project)
    router.write_text(router.read_text() + "\n\ndef broken(:\n    pass\n")
    before = snapshot(project)
    result = run_cli("crud", *PRODUCT, cwd=project)
    assert result.exit_code == 2
    found = re.search(
        r"error: app/api/product.py, rendered from (\S+) \(project override\), "
        r"does not parse at line (\d+) `def broken\(:`",
        result.stderr,
    )
    assert found, result.stderr
    assert found[1] == ROUTER
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before


# --- diff and list --------------------------------------------------------------------------


def test_diff_without_overrides_is_exit_0(project: Path) -> None:
    result = run_cli("templates", "diff", cwd=project)
    assert result.exit_code == 0
    assert "no overrides" in result.stdout


def test_diff_of_fresh_copies_is_identical_exit_0(project: Path) -> None:
    run_cli("templates", "eject", "crud-builder", cwd=project)
    result = run_cli("templates", "diff", cwd=project)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert f"crud-builder: ejected from scaffold {__version__}" in result.stdout
    assert "identical  crud-builder/router.py.jinja" in result.stdout
    assert "every copy is identical" in result.stdout


def test_diff_shows_edits_fallbacks_and_stale_copies(project: Path) -> None:
    run_cli("templates", "eject", "crud-builder", cwd=project)
    folder = project / OVERRIDES / "crud-builder"
    router = folder / "router.py.jinja"
    router.write_text(router.read_text() + "# team endpoint\n")
    (folder / "model.py.jinja").unlink()  # falls back to the built-in
    (folder / "old_name.py.jinja").write_text("stale\n")  # no built-in counterpart
    (project / OVERRIDES / "crud_builder").mkdir()  # a typo: not used by any generator
    result = run_cli("templates", "diff", cwd=project)
    assert result.exit_code == 1
    assert "modified  crud-builder/router.py.jinja  (edited by you since you ejected it" in (
        result.stdout
    )
    assert "--- built-in/crud-builder/router.py.jinja" in result.stdout
    assert f"+++ {ROUTER}" in result.stdout
    assert "+# team endpoint" in result.stdout
    assert "no copy (the built-in is used): crud-builder/model.py.jinja" in result.stdout
    assert f"warning: {OVERRIDES}/crud-builder/old_name.py.jinja has no built-in" in result.stderr
    assert f"warning: {OVERRIDES}/crud_builder/ is not used" in result.stderr

    data = json.loads(run_cli("templates", "diff", "--json", cwd=project).stdout)["data"]
    files = {f["template"]: f for f in data["files"]}
    assert data["differs"] is True
    assert data["ejected_from"] == {"crud-builder": [__version__]}
    assert files["crud-builder/router.py.jinja"]["status"] == "modified"
    assert "+# team endpoint" in files["crud-builder/router.py.jinja"]["diff"]
    assert files["crud-builder/model.py.jinja"]["status"] == "builtin-only"
    assert files["crud-builder/model.py.jinja"]["resolves_to"] == "built-in"
    assert files["crud-builder/old_name.py.jinja"]["status"] == "project-only"
    assert files["crud-builder/schemas.py.jinja"]["status"] == "identical"
    assert "diff" not in files["crud-builder/schemas.py.jinja"]
    assert len(data["warnings"]) == 2


def test_diff_tells_a_changed_built_in_from_your_edit(project: Path) -> None:
    router = _eject_router(project)
    # As if the copy came from an older scaffold whose router was different: the copy still
    # matches what was ejected, so it is the built-in that moved.
    old_builtin = router.read_text() + "# the 0.0.9 router\n"
    router.write_text(old_builtin)
    record_path = project / EJECT_RECORD
    record = json.loads(record_path.read_text())
    record["files"]["crud-builder/router.py.jinja"] = {
        "scaffold": "0.0.9",
        "sha256": content_hash(old_builtin),
    }
    record_path.write_text(json.dumps(record))
    result = run_cli("templates", "diff", "crud-builder", cwd=project)
    assert result.exit_code == 1
    assert "crud-builder: ejected from scaffold 0.0.9" in result.stdout
    assert "the built-in changed since you ejected it from 0.0.9" in result.stdout


def test_diff_of_an_unknown_skill_is_exit_2(project: Path) -> None:
    result = run_cli("templates", "diff", "nope", cwd=project)
    assert result.exit_code == 2
    assert f"skills with templates: {KNOWN})" in result.stderr


def test_list_says_where_each_template_resolves_from(project: Path) -> None:
    _eject_router(project)
    result = run_cli("templates", "list", cwd=project)
    assert result.exit_code == 0
    assert f"override  crud-builder/router.py.jinja  ({project / ROUTER})" in result.stdout
    model = templates_dir() / "crud-builder/model.py.jinja"
    assert f"built-in  crud-builder/model.py.jinja  ({model.resolve()})" in result.stdout
    data = json.loads(run_cli("templates", "list", "--json", cwd=project).stdout)["data"]
    resolves = {f["template"]: f["resolves_to"] for f in data["files"]}
    assert resolves["crud-builder/router.py.jinja"] == "override"
    assert resolves["crud-builder/model.py.jinja"] == "built-in"


@pytest.mark.parametrize("content", ["{not json", '{"version": 99}', '{"version": 1, "files": []}'])
def test_a_broken_eject_record_is_a_clear_error(project: Path, content: str) -> None:
    _eject_router(project)
    (project / EJECT_RECORD).write_text(content)
    before = snapshot(project)
    for command in (["eject"], ["diff"]):
        result = run_cli("templates", *command, cwd=project)
        assert result.exit_code == 2
        assert f"{EJECT_RECORD} " in result.stderr
        assert "Traceback" not in result.stderr
    assert snapshot(project) == before
