"""SARIF 2.1.0, ready for `github/codeql-action/upload-sarif` and other code-scanning tools."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scaffold.validators.findings import CheckResult, Finding, RuleInfo

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning"}


def render(
    result: CheckResult,
    rules: Sequence[RuleInfo],
    *,
    tool: str,
    version: str,
    cwd: Path | None = None,
) -> str:
    """The whole run as one SARIF log with a single run."""
    here = (cwd or Path.cwd()).resolve()
    index = {rule.code: position for position, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for finding in result.findings:
        entry: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": _LEVELS.get(finding.severity, "warning"),
            "message": {"text": finding.message},
            "locations": [_location(finding.path, finding.line, finding.column)],
            # Stable across line moves, so code scanning tracks a finding as the file changes.
            "partialFingerprints": {"scaffoldFinding/v1": _fingerprint(finding)},
        }
        if finding.rule in index:
            entry["ruleIndex"] = index[finding.rule]
        results.append(entry)
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [_location(error.path, error.line or 1, error.column or 1)],
            "descriptor": {"id": "parse-error"},
        }
        for error in result.errors
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool,
                        "version": version,
                        "semanticVersion": version,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": here.as_uri() + "/"}},
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _location(path: str, line: int, column: int) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": path}
    if not path.startswith("/"):
        artifact["uriBaseId"] = "%SRCROOT%"
    else:
        artifact["uri"] = Path(path).as_uri()
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
        }
    }


def _rule(rule: RuleInfo) -> dict[str, Any]:
    markdown = (
        f"{rule.rationale}\n\n**Fix:** {rule.fix}\n\n"
        + (f"**Anti-pattern:**\n\n```python\n{rule.invalid[0]}```\n\n" if rule.invalid else "")
        + (f"**Stateless rewrite:**\n\n```python\n{rule.valid[0]}```\n" if rule.valid else "")
    )
    return {
        "id": rule.code,
        "name": _pascal(rule.name),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"{rule.rationale}\n\nFix: {rule.fix}", "markdown": markdown},
        "defaultConfiguration": {"level": _LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": ["stateless", "maintainability", "reliability"]},
    }


def _fingerprint(finding: Finding) -> str:
    text = f"{finding.rule}\0{finding.path}\0{finding.message}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))
