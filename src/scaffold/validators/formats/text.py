"""Text for people: `path:line:col: CODE message`, the source line, a caret, a summary."""

from __future__ import annotations

from pathlib import Path

from scaffold.validators.findings import CheckResult


def render(result: CheckResult, *, cwd: Path | None = None) -> str:
    """Findings with their source line and a caret under the column, then a summary line."""
    here = cwd or Path.cwd()
    lines: list[str] = []
    sources: dict[str, list[str] | None] = {}
    for error in result.errors:
        where = f"{error.path}:{error.line}:{error.column or 1}" if error.line else error.path
        lines.append(f"{where}: error: {error.message}")
    for finding in result.findings:
        lines.append(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.rule} {finding.message}"
        )
        source = _line(sources, here, finding.path, finding.line)
        if source is not None:
            prefix = "".join("\t" if char == "\t" else " " for char in source[: finding.column - 1])
            lines.append(f"    {source}")
            lines.append(f"    {prefix}^")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _line(cache: dict[str, list[str] | None], here: Path, path: str, line: int) -> str | None:
    if path not in cache:
        try:
            cache[path] = (here / path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            cache[path] = None
    content = cache[path]
    if content is None or not 0 < line <= len(content):
        return None
    return content[line - 1].rstrip()


def _summary(result: CheckResult) -> str:
    files = f"{result.files_checked} file{'s' if result.files_checked != 1 else ''} checked"
    problems: list[str] = []
    if result.findings:
        count = len(result.findings)
        with_findings = len({finding.path for finding in result.findings})
        problems.append(
            f"Found {count} finding{'s' if count != 1 else ''} in {with_findings} "
            f"file{'s' if with_findings != 1 else ''}"
        )
    if result.errors:
        count = len(result.errors)
        problems.append(f"{count} file{'s' if count != 1 else ''} could not be checked")
    if not problems:
        return f"All clear: {files}, no findings."
    return f"{'; '.join(problems)} ({files})."
