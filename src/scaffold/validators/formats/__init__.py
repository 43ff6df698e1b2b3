"""Report formats: text for people, JSON for tools, SARIF for code scanning, GitHub annotations."""

from __future__ import annotations

from collections.abc import Sequence

from scaffold.validators.findings import CheckResult, RuleInfo
from scaffold.validators.formats import github, jsondoc, sarif, text

FORMATS = ("text", "json", "sarif", "github")


def render(
    name: str,
    result: CheckResult,
    rules: Sequence[RuleInfo],
    *,
    tool: str,
    version: str,
) -> str:
    """Render a result in one of `FORMATS` (the name is validated by the caller)."""
    if name == "json":
        return jsondoc.render(result)
    if name == "sarif":
        return sarif.render(result, rules, tool=tool, version=version)
    if name == "github":
        return github.render(result, rules)
    return text.render(result)
