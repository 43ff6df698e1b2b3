"""`scaffold check stateless`: formats, exit codes, the JSON contract, rule docs, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.validators.conftest import CLEAN_SNIPPET, STATEFUL_SNIPPET, run_stateless


@pytest.fixture
def stateful_project(project_dir: Path) -> Path:
    (project_dir / "app" / "state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    (project_dir / "app" / "clean.py").write_text(CLEAN_SNIPPET, encoding="utf-8")
    return project_dir


def test_clean_project_exits_0(project_dir: Path) -> None:
    (project_dir / "app" / "clean.py").write_text(CLEAN_SNIPPET, encoding="utf-8")
    run = run_stateless("--no-cache", cwd=project_dir)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout == "All clear: 2 files checked, no findings.\n"


def test_findings_exit_1_with_text_and_caret(stateful_project: Path) -> None:
    run = run_stateless("--no-cache", cwd=stateful_project)
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0].startswith("app/state.py:5:5: SA101 module-level list `_history`")
    assert lines[1:3] == ["        _history.append(text)", "        ^"]
    assert lines[-1] == "Found 1 finding in 1 file (3 files checked)."


def test_default_path_is_the_project_root_from_a_subdirectory(stateful_project: Path) -> None:
    run = run_stateless("--no-cache", "--json", cwd=stateful_project / "app")
    data = run.json()["data"]
    assert data["files_checked"] == 3
    assert [f["path"] for f in data["findings"]] == ["state.py"]


def test_json_document(stateful_project: Path) -> None:
    run = run_stateless("--no-cache", "--json", cwd=stateful_project)
    assert run.exit_code == 1
    document = run.json()
    assert list(document) == ["data"]
    assert document["data"]["files_checked"] == 3
    assert document["data"]["errors"] == []
    (finding,) = document["data"]["findings"]
    assert set(finding) == {"path", "line", "column", "rule", "message", "severity"}
    assert (finding["path"], finding["line"], finding["rule"]) == ("app/state.py", 5, "SA101")
    assert finding["severity"] == "error"
    assert (
        run_stateless("--no-cache", "--format", "json", cwd=stateful_project).stdout == run.stdout
    )


def test_parse_error_is_reported_in_errors_and_exits_1(project_dir: Path) -> None:
    (project_dir / "app" / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    run = run_stateless("--no-cache", "--json", cwd=project_dir)
    assert run.exit_code == 1
    data = run.json()["data"]
    assert data["findings"] == []
    assert data["errors"][0]["path"] == "app/broken.py"
    assert data["errors"][0]["message"].startswith("syntax error")


def test_sarif_and_github_formats(stateful_project: Path) -> None:
    sarif = run_stateless("--no-cache", "--format", "sarif", cwd=stateful_project)
    assert sarif.exit_code == 1
    assert json.loads(sarif.stdout)["runs"][0]["results"][0]["ruleId"] == "SA101"
    github = run_stateless("--no-cache", "--format", "github", cwd=stateful_project)
    assert github.exit_code == 1
    assert github.stdout.startswith("::error file=app/state.py,line=5,col=5,title=SA101 ")


def test_select_and_ignore_options(stateful_project: Path) -> None:
    assert run_stateless("--no-cache", "--ignore", "SA101", cwd=stateful_project).exit_code == 0
    assert run_stateless("--no-cache", "--select", "SA109", cwd=stateful_project).exit_code == 0
    assert run_stateless("--no-cache", "--select", "SA1", cwd=stateful_project).exit_code == 1


def test_suppression_comment(project_dir: Path) -> None:
    source = STATEFUL_SNIPPET.replace(
        "_history.append(text)", "_history.append(text)  # scaffold: ignore[SA101]"
    )
    (project_dir / "app" / "state.py").write_text(source, encoding="utf-8")
    assert run_stateless("--no-cache", cwd=project_dir).exit_code == 0


def test_list_rules(project_dir: Path) -> None:
    text = run_stateless("--list-rules", cwd=project_dir)
    assert text.exit_code == 0
    assert [line.split()[0] for line in text.stdout.splitlines()] == [
        f"SA1{n:02d}" for n in range(12)
    ]
    document = run_stateless("--list-rules", "--json", cwd=project_dir).json()
    assert [rule["code"] for rule in document["data"]["rules"]][:2] == ["SA100", "SA101"]
    assert set(document["data"]["rules"][1]) == {"code", "name", "summary", "severity"}


def test_explain(project_dir: Path) -> None:
    text = run_stateless("--explain", "sa105", cwd=project_dir)
    assert text.exit_code == 0
    assert text.stdout.startswith("SA105 in-process-memoization (error)\n")
    assert "Flagged (anti-pattern) 1:" in text.stdout
    assert "Not flagged (stateless code and look-alikes) 6:" in text.stdout
    data = run_stateless("--explain", "SA105", "--json", cwd=project_dir).json()["data"]
    assert data["code"] == "SA105"
    assert len(data["invalid"]) >= 4 and len(data["valid"]) >= 6


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--explain", "SA999"], "unknown_rule"),
        (["--select", "XX"], "unknown_rule"),
        (["--format", "yaml"], "usage"),
        (["no/such/path"], "bad_path"),
        (["--changed-since", "HEAD"], "bad_git_ref"),
    ],
)
def test_usage_errors_exit_2_with_one_json_error(
    project_dir: Path, args: list[str], code: str
) -> None:
    run = run_stateless("--no-cache", "--json", *args, cwd=project_dir)
    assert run.exit_code == 2
    document = run.json()
    assert document["error"]["code"] == code
    assert document["error"]["message"] and document["error"]["hint"]


def test_usage_error_in_text_mode_is_one_line_and_a_hint(project_dir: Path) -> None:
    run = run_stateless("--explain", "SA999", cwd=project_dir)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: unknown rule code 'SA999'")
    assert "known codes: SA100" in run.stderr  # the hint names the fix


def test_bad_config_exits_2(project_dir: Path) -> None:
    (project_dir / "pyproject.toml").write_text(
        '[tool.scaffold.stateless]\nselct = ["SA101"]\n', encoding="utf-8"
    )
    run = run_stateless("--json", cwd=project_dir)
    assert run.exit_code == 2
    assert run.json()["error"]["code"] == "bad_config"


def test_console_entry_point_and_lazy_imports(stateful_project: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "scaffold", "check", "stateless", "--no-cache", "--json"],
        cwd=stateful_project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert json.loads(completed.stdout)["data"]["findings"][0]["rule"] == "SA101"
    probe = (
        "import sys, scaffold.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('scaffold.validators')))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert imported.stdout.strip() == "[]"
