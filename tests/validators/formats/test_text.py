"""Text output: location, message, source line, caret, summary."""

from __future__ import annotations

from pathlib import Path

from scaffold.validators.findings import CheckResult, FileError, Finding
from scaffold.validators.formats import text


def test_finding_shows_the_line_and_a_caret(tmp_path: Path) -> None:
    (tmp_path / "chat.py").write_text("x = 1\n\tcache[k] = v\n", encoding="utf-8")
    result = CheckResult(
        findings=[Finding("chat.py", 2, 2, "SA101", "module-level dict `cache` is changed")],
        files_checked=1,
    )
    assert text.render(result, cwd=tmp_path).splitlines() == [
        "chat.py:2:2: SA101 module-level dict `cache` is changed",
        "    \tcache[k] = v",
        "    \t^",
        "Found 1 finding in 1 file (1 file checked).",
    ]


def test_errors_and_summary(tmp_path: Path) -> None:
    result = CheckResult(
        errors=[FileError("broken.py", "syntax error: invalid syntax", 3, 7)], files_checked=2
    )
    assert text.render(result, cwd=tmp_path).splitlines() == [
        "broken.py:3:7: error: syntax error: invalid syntax",
        "1 file could not be checked (2 files checked).",
    ]


def test_clean_summary(tmp_path: Path) -> None:
    assert text.render(CheckResult(files_checked=3), cwd=tmp_path) == (
        "All clear: 3 files checked, no findings.\n"
    )
