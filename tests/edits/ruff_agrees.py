"""Whether ruff, set up as a generated project sets it up, would leave a file exactly as is."""

from __future__ import annotations

import subprocess

from scaffold.engine.formatting import ruff_binary

# The generated project's settings (templates/project's pyproject.toml) that bear on imports.
_SETTINGS = ["--line-length", "100", "--config", "lint.isort.known-first-party = ['app']"]


def ruff_findings(source: str, path: str) -> str:
    """What `ruff format --check` and `ruff check` (imports, line length) say of `source`;
    empty when both accept it."""
    said = []
    for command in (["format", "--check"], ["check", "--select", "I,E501", "--quiet"]):
        result = subprocess.run(
            [ruff_binary(), *command, *_SETTINGS, "--stdin-filename", path, "-"],
            input=source,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            said.append(result.stdout + result.stderr)
    return "".join(said)
