"""The `--json` document: `{"data": {"findings", "files_checked", "errors"}}`."""

from __future__ import annotations

import json

from scaffold.validators.findings import CheckResult


def render(result: CheckResult) -> str:
    """One JSON document, as every scaffold command prints it with `--json`."""
    return json.dumps({"data": result.as_dict()}, indent=2) + "\n"
