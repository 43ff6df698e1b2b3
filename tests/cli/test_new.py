"""`scaffold new`: values carried exactly into TOML, Python and YAML, modes that follow the
umask, no Python caches from an installed template, and one-line refusals that write nothing.
The installed wheel end to end: tests/test_packaging.py."""

from __future__ import annotations

import ast
import json
import os
import shlex
import shutil
import stat
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from scaffold import api
from scaffold.engine.dependencies import (
    is_project_module,
    missing_dependency,
    requirement_for_module,
)
from scaffold.engine.manifest import Manifest
from scaffold.engine.template_snapshot import TemplateSnapshot
from scaffold.errors import UserError
from scaffold.generators.project import NOT_TEXT, bundled_template
from tests.conftest import run_cli, snapshot
from tests.unprivileged import as_user

DESCRIPTION = 'He said "hi" \\ to the café\n\tsecond line 😀 {{ 7 * 7 }} \u2028 end'


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _modes(root: Path) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {"dirs": set(), "files": set()}
    for path in [root, *root.rglob("*")]:
        kind = "dirs" if path.is_dir() else "files"
        if path.name != ".env":
            found[kind].add(stat.S_IMODE(path.stat().st_mode))
    return found


def _one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ") and "(fix: " in lines[0], stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_name_and_description_are_carried_exactly_into_toml_python_and_yaml(
    tmp_path: Path,
) -> None:
    root = tmp_path / "shop"
    root.mkdir()
    root.chmod(0o750)  # an empty folder of the user's: it keeps its mode
    with umask(0o077):
        result = run_cli("new", str(root), "--name", "My Shop", "--description", DESCRIPTION)
    assert result.exit_code == 0, result.stderr

    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert pyproject["name"] == "my-shop"
    assert pyproject["description"] == DESCRIPTION
    answers = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert (answers["project_name"], answers["project_description"]) == ("My Shop", DESCRIPTION)
    config = ast.parse((root / "app/core/config.py").read_text(encoding="utf-8"))
    (project_name,) = (
        ast.literal_eval(node.value)
        for node in ast.walk(config)
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "PROJECT_NAME"
        if node.value is not None
    )
    assert project_name == "My Shop"

    # umask 077: the project is private, as anything else this user makes.
    assert stat.S_IMODE(root.stat().st_mode) == 0o750
    assert _modes(root / "app") == {"dirs": {0o700}, "files": {0o600}}
    assert _modes(root) == {"dirs": {0o700, 0o750}, "files": {0o600}}
    assert stat.S_IMODE((root / ".env").stat().st_mode) == 0o600
    # Where the project's dependencies go, and why.
    install = shlex.join([sys.executable, "-m", "pip", "install", "-e", f"{root}[dev]"])
    assert f"note: scaffold runs the project's code with {sys.executable}" in result.stdout
    assert f"next: {install} && cd {shlex.quote(str(root))} && pytest" in result.stdout


def _installed_like_template(tmp_path: Path) -> Path:
    """The bundled template as pip leaves it: byte-compiled, plus a file that is not text."""
    template = tmp_path / "installed-template"
    shutil.copytree(bundled_template(), template)
    for folder in ("template/app", "template/app/core", "template/tests"):
        cache = template / folder / "__pycache__"
        cache.mkdir()
        (cache / "main.cpython-311.pyc").write_bytes(b"\xa7\r\r\n\x00\x00\xff")
    (template / "template/app/stale.pyo").write_bytes(b"\xa7\x00\xff")
    (template / "template/logo.bin").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    return template


def test_an_installed_template_leaves_no_caches_and_modes_follow_umask_022(
    tmp_path: Path,
) -> None:
    root = tmp_path / "deep" / "er" / "shop"
    with umask(0o022):
        project = api.new_project(root, template=_installed_like_template(tmp_path))

    assert not [p for p in root.rglob("*") if "__pycache__" in p.parts or p.suffix == ".pyo"]
    assert project.untracked == {"logo.bin": NOT_TEXT}
    assert (root / "logo.bin").read_bytes().startswith(b"\x89PNG")
    assert "logo.bin" not in Manifest.load(root).files
    assert "app/main.py" in Manifest.load(root).files
    assert not [f for f in TemplateSnapshot.load(root).files if f.endswith((".pyc", ".bin"))]
    assert _modes(root) == {"dirs": {0o755}, "files": {0o644}}
    assert {stat.S_IMODE(p.stat().st_mode) for p in (root.parent, root.parent.parent)} == {0o755}
    data = project.as_dict()
    assert data["install_command"] == [sys.executable, "-m", "pip", "install", "-e", f"{root}[dev]"]
    assert data["installed"] is False


def test_the_shipped_template_is_text_only() -> None:
    # A snapshot stores text and `scaffold upgrade` merges text: a binary file in the template
    # would be copied untracked and never upgraded.
    for path in bundled_template().rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            path.read_bytes().decode("utf-8")


REFUSALS = [
    pytest.param(["café"], "bad_project_name", "--name cafe", id="non-ascii-folder"),
    pytest.param(["shop", "--name", 'a"b'], "bad_project_name", "--name a-b", id="quote"),
    pytest.param(["shop", "--name", "-shop"], "bad_project_name", "--name shop", id="hyphen"),
    pytest.param(["shop", "--description", "a\x7fb"], "bad_description", "U+007F", id="del"),
    pytest.param(["shop", "--description", "a\udcffb"], "bad_description", "UTF-8", id="bytes"),
    pytest.param(["/proc/shop"], "cannot_create", "/proc/shop", id="proc"),
    pytest.param(["/proc/self/none/shop"], "cannot_create", "/none", id="proc-parent"),
    pytest.param(["mine"], "exists", "not empty", id="non-empty"),
    pytest.param(["mine/keep.txt"], "exists", "keep.txt", id="a-file"),
    pytest.param(["mine/keep.txt/shop"], "cannot_create", "is not a folder", id="under-a-file"),
]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize(("args", "code", "shown"), REFUSALS)
def test_refusals_are_one_line_exit_2_and_write_nothing(
    tmp_path: Path, args: list[str], code: str, shown: str, as_json: bool
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/keep.txt").write_text("mine")
    before = snapshot(tmp_path)
    result = run_cli("new", *args, *(["--json"] if as_json else []), cwd=tmp_path)
    assert result.exit_code == 2, result.stdout + result.stderr
    if as_json:
        error = json.loads(result.stdout)["error"]
        assert error["code"] == code
        assert shown in error["message"] + error["hint"]
        assert result.stderr == ""
    else:
        assert shown in _one_line_error(result.stderr)
        assert result.stdout == ""
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    with as_user(tmp_path) as user:  # as root: nobody, in a subprocess
        locked = user.root / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        try:
            result = user.run("new", str(locked / "shop"))
            assert result.exit_code == 2
            assert "Permission denied" in _one_line_error(result.stderr)
            assert list(locked.iterdir()) == []
        finally:
            locked.chmod(0o755)


def test_a_failed_render_removes_the_folders_it_made(tmp_path: Path) -> None:
    template = tmp_path / "broken"
    template.mkdir()
    (template / "copier.yml").write_text("_subdirectory: [unclosed\n")
    with pytest.raises(UserError, match="copier could not render"):
        api.new_project(tmp_path / "a" / "b" / "shop", template=template)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken"]


def test_a_missing_import_is_named_by_the_requirement_that_provides_it(project: Path) -> None:
    # What `scaffold migrate` says when the project's dependencies are not where scaffold runs.
    assert requirement_for_module(project, "jwt.algorithms") == "pyjwt[crypto]>=2.10"
    assert requirement_for_module(project, "pydantic_settings") == "pydantic-settings>=2.6"
    assert requirement_for_module(project, "sqlalchemy") is None  # only through sqlmodel
    assert is_project_module(project, "app.models") and not is_project_module(project, "jwt")
    error = missing_dependency(project, "sqlmodel.main")
    assert error.message.startswith("the project's dependency 'sqlmodel>=0.0.22' is not installed")
    assert shlex.join([sys.executable, "-m", "pip", "install", "-e", f"{project}[dev]"]) in (
        error.hint
    )
    assert (
        "'sqlalchemy', which the project imports,"
        in missing_dependency(project, "sqlalchemy").message
    )
