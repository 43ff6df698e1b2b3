"""Starting the runner subprocess (`_runner.py`) from scaffold's process, and checking the
project has what the runner needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from scaffold.errors import ProjectError, ToolError, UserError

RUNNER = "scaffold.migrate._runner"
TIMEOUT_SECONDS = 900


def require_alembic(root: Path) -> None:
    """The project must have alembic.ini, alembic/env.py and alembic/versions/."""
    for needed in ("alembic.ini", "alembic/env.py", "alembic/versions"):
        if not (root / needed).exists():
            raise ProjectError(
                f"{needed} is missing in {root}, so there are no migrations to work with",
                "restore the alembic folder and alembic.ini (`scaffold upgrade` or copy them "
                "from a new project)",
                code="no_alembic",
            )


def run(root: Path, request: dict[str, Any]) -> dict[str, Any]:
    """Run one runner command in the project; return its `data`.

    Raises:
        UserError: what the runner reported (models that fail to import, an unreachable
            server, a failing migration).
        ToolError: the runner died without an answer.
    """
    env = {k: v for k, v in os.environ.items() if k.upper() != "DATABASE_URL"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", RUNNER],
            cwd=root,
            env=env,
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolError(
            f"the migration runner took more than {TIMEOUT_SECONDS} s",
            "check the --db server answers, then run the command again",
        ) from None
    lines = result.stdout.strip().splitlines()
    try:
        document = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        document = None
    if not isinstance(document, dict):
        errors = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise ToolError(
            "the migration runner stopped without an answer: "
            + (errors[-1].strip() if errors else f"exit status {result.returncode}"),
            f"run `{sys.executable} -m {RUNNER}` in the project to see the full error",
        )
    if "error" in document:
        error = document["error"]
        raise UserError(str(error["message"]), str(error.get("hint", "")), code=error["code"])
    data: dict[str, Any] = document["data"]
    return data
