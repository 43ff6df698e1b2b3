"""The CLI shell: --version, --help with examples, usage errors, the console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold import __version__
from tests.conftest import run_cli, snapshot


def test_version() -> None:
    result = run_cli("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"scaffold {__version__}")


@pytest.mark.parametrize("command", [[], ["new"], ["crud"], ["check"]])
def test_every_help_shows_usage_with_an_example(command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    if command != ["check"]:
        assert "Example" in result.stdout


def test_a_usage_error_exits_2_and_honours_json() -> None:
    plain = run_cli("crud")
    assert plain.exit_code == 2
    assert plain.stderr == "error: missing argument 'name' (run `scaffold crud --help`)\n"
    as_json = run_cli("crud", "--json")
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["code"] == "usage"


def test_the_console_script_runs(tmp_path: Path) -> None:
    scaffold = Path(sys.executable).parent / "scaffold"
    result = subprocess.run(
        [str(scaffold), "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"scaffold {__version__}"


def test_new_creates_a_project_with_a_manifest(tmp_path: Path) -> None:
    result = run_cli("new", str(tmp_path / "shop"), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)["data"]
    assert ".scaffold/manifest.json" in data["created"]
    assert "app/main.py" in data["created"]
    answers = (tmp_path / "shop/.copier-answers.yml").read_text()
    assert "project_name: shop" in answers


def test_new_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop/keep.txt").write_text("mine")
    before = snapshot(tmp_path)
    result = run_cli("new", str(tmp_path / "shop"))
    assert result.exit_code == 2
    assert "already exists and is not empty" in result.stderr
    assert snapshot(tmp_path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["shop"]
