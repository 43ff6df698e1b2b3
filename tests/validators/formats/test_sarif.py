"""SARIF output validates against the official SARIF 2.1.0 schema (shipped as test data)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scaffold import __version__
from scaffold.validators import stateless
from scaffold.validators.findings import CheckResult, FileError, Finding
from scaffold.validators.formats import sarif

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def render(result: CheckResult, cwd: Path) -> dict:  # type: ignore[type-arg]
    text = sarif.render(
        result, stateless.rule_infos(), tool="scaffold-stateless", version=__version__, cwd=cwd
    )
    return json.loads(text)


RESULT = CheckResult(
    findings=[
        Finding("app/chat.py", 12, 5, "SA101", "module-level dict `x` is changed", "error"),
        Finding("app/chat.py", 20, 9, "SA100", "unused suppression", "warning"),
    ],
    errors=[FileError("app/broken.py", "syntax error: invalid syntax", 3, 7)],
    files_checked=3,
)


def test_output_is_valid_sarif(validator: jsonschema.Draft4Validator, tmp_path: Path) -> None:
    log = render(RESULT, tmp_path)
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
    assert errors == [], [error.message for error in errors]


def test_empty_run_is_valid_sarif(validator: jsonschema.Draft4Validator, tmp_path: Path) -> None:
    log = render(CheckResult(), tmp_path)
    assert list(validator.iter_errors(log)) == []
    assert log["runs"][0]["results"] == []


def test_rules_metadata_and_results(tmp_path: Path) -> None:
    log = render(RESULT, tmp_path)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == stateless.known_codes()
    assert all(rule["help"]["markdown"] and rule["shortDescription"]["text"] for rule in rules)
    first, second = run["results"]
    assert first["ruleId"] == "SA101"
    assert rules[first["ruleIndex"]]["id"] == "SA101"
    assert first["level"] == "error"
    assert second["level"] == "warning"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app/chat.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 12, "startColumn": 5}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    notification = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notification["message"]["text"] == "syntax error: invalid syntax"


def test_real_run_validates(validator: jsonschema.Draft4Validator, project_dir: Path) -> None:
    from tests.validators.conftest import STATEFUL_SNIPPET

    (project_dir / "app" / "state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    result = stateless.check(cwd=project_dir, use_cache=False)
    log = render(result, project_dir)
    assert list(validator.iter_errors(log)) == []
    assert len(log["runs"][0]["results"]) == 1
