"""GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding."""

from __future__ import annotations

from collections.abc import Sequence

from scaffold.validators.findings import CheckResult, RuleInfo


def render(result: CheckResult, rules: Sequence[RuleInfo]) -> str:
    """Annotations that GitHub shows on the pull request's diff, one per line."""
    names = {rule.code: rule.name for rule in rules}
    lines: list[str] = []
    for error in result.errors:
        properties = {"file": error.path, "title": "scaffold: file not checked"}
        if error.line:
            properties["line"] = str(error.line)
        lines.append(_command("error", properties, error.message))
    for finding in result.findings:
        title = f"{finding.rule} {names.get(finding.rule, '')}".strip()
        properties = {
            "file": finding.path,
            "line": str(finding.line),
            "col": str(finding.column),
            "title": title,
        }
        lines.append(_command(finding.severity, properties, finding.message))
    return "".join(line + "\n" for line in lines)


def _command(kind: str, properties: dict[str, str], message: str) -> str:
    rendered = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
    return f"::{kind} {rendered}::{_escape_data(message)}"


def _escape_data(value: str) -> str:
    # The escaping GitHub's toolkit (`@actions/core`) applies to command data.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
