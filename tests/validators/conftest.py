"""Helpers for the validator tests: check a snippet, run `scaffold check stateless`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scaffold.validators import stateless
from scaffold.validators.config import load_config
from scaffold.validators.findings import Finding
from scaffold.validators.rule import split_example


@dataclass
class CliRun:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_stateless(*args: str, cwd: Path) -> CliRun:
    """Run `scaffold check stateless ARGS` in this process, from `cwd`."""
    from scaffold.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    code = 0
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(["check", "stateless", *args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(previous)
    return CliRun(code, out.getvalue(), err.getvalue())


def check_snippet(source: str, root: Path | None = None, **overrides: Any) -> list[Finding]:
    """Every finding the stateless rules report on one snippet (all rules, default config).

    A snippet made of several modules (`# file: app/x.py` lines) is checked as one project.
    """
    config = load_config(root or Path("/nonexistent"), stateless.known_codes(), **overrides)
    modules = split_example(textwrap.dedent(source))
    findings: list[Finding] = []
    for path, outcome in stateless.check_sources(modules, config).items():
        assert outcome.error is None, outcome.error
        findings.extend(Finding(path, *finding) for finding in outcome.findings)
    return findings


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """An empty project: a directory with a pyproject.toml and an `app` package."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n', encoding="utf-8")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("", encoding="utf-8")
    return tmp_path


STATEFUL_SNIPPET = """\
_history = []


def remember(text: str) -> None:
    _history.append(text)
"""

CLEAN_SNIPPET = """\
LIMITS = {"free": 10}


def limit(plan: str) -> int:
    return LIMITS.get(plan, 0)
"""
