"""Generated Python goes through ruff (imports sorted, unused ones dropped, then formatted)
before it enters a plan, so the diff a user reviews is exactly the file that lands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scaffold.engine.long_lines import wrap_long_lines
from scaffold.errors import TemplateError, ToolError

RUFF_LINE_LENGTH = 88  # ruff's default, for a project whose pyproject sets none


def ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("ruff")
        if found:
            return found
    raise ToolError("ruff is not installed", f"install it: {sys.executable} -m pip install ruff")


def format_python(sources: Mapping[str, str], project_root: Path | None) -> dict[str, str]:
    """Return `sources` (relative path -> code) sorted, pruned and formatted by ruff, with
    the docstring and comment lines still over the line length broken (see long_lines).

    The project's own ruff settings (line length, first-party packages) apply. All files go
    through two ruff runs in a scratch folder, never in the project itself.

    Raises:
        TemplateError: a rendered file does not parse; the message names the file, the line
            in the rendered output and, for `render.RenderedText`, the template that produced it.
    """
    if not sources:
        return {}
    ruff = ruff_binary()
    with tempfile.TemporaryDirectory(prefix="scaffold-fmt-") as scratch:
        base = Path(scratch)
        config = project_root / "pyproject.toml" if project_root else None
        if config is not None and config.is_file():
            shutil.copyfile(config, base / "pyproject.toml")
        for rel, code in sources.items():
            target = base / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(code, encoding="utf-8")
        paths = list(sources)
        check = [ruff, "check", "--fix", "--select", "I,F401", "--output-format=json", "--quiet"]
        _check(_run([*check, *paths], base), sources)
        _expect_success(_run([ruff, "format", "--quiet", *paths], base))
        limit = line_length(base / "pyproject.toml")
        return {
            rel: wrap_long_lines((base / rel).read_text(encoding="utf-8"), limit) for rel in sources
        }


def line_length(pyproject: Path) -> int:
    """The line length ruff checks in the project `pyproject` configures."""
    try:
        config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return RUFF_LINE_LENGTH
    ruff = config.get("tool", {}).get("ruff", {})
    value = ruff.get("lint", {}).get("pycodestyle", {}).get("max-line-length")
    value = value if isinstance(value, int) else ruff.get("line-length")
    return value if isinstance(value, int) and value > 0 else RUFF_LINE_LENGTH


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)


def _check(result: subprocess.CompletedProcess[str], sources: Mapping[str, str]) -> None:
    # ruff check exits 1 when findings remain (other than what it fixed): that is not our job
    # here; only a syntax error in rendered code, or a crash (exit 2), is.
    try:
        findings: list[dict[str, Any]] = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        findings = []
    for finding in findings:
        if _is_syntax_error(finding):
            raise _parse_error(finding, sources)
    _expect_success(result)


def _is_syntax_error(finding: dict[str, Any]) -> bool:
    # ruff >= 0.9 reports them as `invalid-syntax`; older versions with no code and a message
    # starting with "SyntaxError".
    code = finding.get("code")
    message = str(finding.get("message", ""))
    return code == "invalid-syntax" or (code is None and message.startswith("SyntaxError"))


def _parse_error(finding: dict[str, Any], sources: Mapping[str, str]) -> TemplateError:
    filename = str(finding.get("filename", "")).replace("\\", "/")
    rel = next((c for c in sources if filename == c or filename.endswith("/" + c)), None)
    if rel is None:  # not one of ours: report it as ruff does
        return TemplateError(
            f"rendered code does not parse: {filename}: {finding.get('message')}",
            "fix the template that produced it (or remove your override to use the built-in)",
        )
    row = int((finding.get("location") or {}).get("row") or 0)
    lines = sources[rel].splitlines()
    text = lines[row - 1].strip() if 0 < row <= len(lines) else ""
    message = str(finding.get("message", "invalid syntax")).removeprefix("SyntaxError: ")
    template = getattr(sources[rel], "template", None)
    origin = f", rendered from {template}," if template else ""
    shown = f" `{text}`" if text else ""
    return TemplateError(
        f"{rel}{origin} does not parse at line {row}{shown}: {message}",
        "fix the template that produced it (or remove your override to use the built-in)",
    )


def _expect_success(result: subprocess.CompletedProcess[str]) -> None:
    if result.returncode >= 2 or "error:" in result.stderr:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise TemplateError(
            "ruff could not process the rendered code: " + (lines[0] if lines else "it failed"),
            "a template override may have produced invalid Python; fix it or remove it",
        )
