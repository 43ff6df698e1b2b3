"""What the benchmarks share: the executables of the environment they run in, and the error
that says why a benchmark cannot run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The venv's executables: a benchmark times the scaffold installed next to its interpreter.
BIN = Path(sys.executable).parent


class BenchError(Exception):
    """The benchmark cannot run (missing tool, failing command, unexpected project)."""


def tool(name: str, *, extras: str = "") -> Path:
    """The executable `name` installed next to this interpreter (the venv's).

    `extras` names the install extras the benchmark needs (e.g. `dev`), for the hint.
    """
    path = BIN / name
    if not (path.is_file() and os.access(path, os.X_OK)):
        what, target = "scaffold", "."
        if extras:
            what, target = f"scaffold with its {extras} extras", f"'.[{extras}]'"
        raise BenchError(
            f"{path} not found: install {what} in this environment "
            f"({sys.executable} -m pip install -e {target}) and run the benchmark with its python"
        )
    return path
