"""A manifest of the wrong shape stops every command with one line naming the bad key and the
fix, exit 2, before anything is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scaffold.engine.manifest import MANIFEST_PATH
from tests.conftest import run_cli, snapshot

HEX = "ab" * 32


def _files_a_list(data: dict[str, Any]) -> str:
    data["files"] = list(data["files"])
    return '"files" must be an object'


def _file_entry_a_string(data: dict[str, Any]) -> str:
    data["files"]["app/main.py"] = HEX
    return 'files["app/main.py"] must be an object'


def _sha256_not_hex(data: dict[str, Any]) -> str:
    data["files"]["app/main.py"]["sha256"] = "not-a-hash"
    return 'files["app/main.py"]["sha256"] must be 64 lowercase hex digits'


def _meta_not_a_string(data: dict[str, Any]) -> str:
    data["files"]["app/main.py"] = {"sha256": HEX, "generator": 3}
    return 'files["app/main.py"]["generator"] must be a string'


def _resources_a_list(data: dict[str, Any]) -> str:
    data["resources"] = []
    return '"resources" must be an object'


def _resource_a_list(data: dict[str, Any]) -> str:
    data["resources"]["Product"] = ["name:str"]
    return 'resources["Product"] must be an object'


def _fields_a_string(data: dict[str, Any]) -> str:
    data["resources"]["Product"]["fields"] = "name:str"
    return 'resources["Product"]["fields"] must be a list of strings'


def _no_fields(data: dict[str, Any]) -> str:
    del data["resources"]["Product"]["fields"]
    return 'resources["Product"] has no "fields"'


def _migration_a_string(data: dict[str, Any]) -> str:
    data["resources"]["Product"]["migration"] = "alembic/versions/x.py"
    return 'resources["Product"]["migration"] must be an object'


BREAKS = [
    _files_a_list,
    _file_entry_a_string,
    _sha256_not_hex,
    _meta_not_a_string,
    _resources_a_list,
    _resource_a_list,
    _fields_a_string,
    _no_fields,
    _migration_a_string,
]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("breaks", BREAKS, ids=lambda f: f.__name__.strip("_"))
def test_a_wrong_shape_is_one_line_naming_the_key_exit_2_nothing_written(
    mini: Path, breaks: Any, as_json: bool
) -> None:
    path = mini / MANIFEST_PATH
    data = json.loads(path.read_text())
    key = breaks(data)
    path.write_text(json.dumps(data))
    before = snapshot(mini)
    result = run_cli("spec", "new", "tasks", *(["--json"] if as_json else []), cwd=mini)
    assert result.exit_code == 2
    assert snapshot(mini) == before
    expected = f"{MANIFEST_PATH}: {key}"
    fix = f"restore it from version control (git checkout -- {MANIFEST_PATH})"
    if as_json:
        error = json.loads(result.stdout)["error"]
        assert (error["code"], error["hint"]) == ("bad_manifest", fix)
        assert error["message"].startswith(expected)
    else:
        assert result.stderr.startswith(f"error: {expected}")
        assert result.stderr.endswith(f"(fix: {fix})\n")
        assert result.stderr.count("\n") == 1


def test_a_read_only_command_refuses_it_as_well(mini: Path) -> None:
    path = mini / MANIFEST_PATH
    path.write_text(path.read_text().replace('"files": {', '"files": {"x": [],', 1))
    result = run_cli("templates", "diff", cwd=mini)
    assert result.exit_code == 2
    assert 'files["x"] must be an object' in result.stderr
