"""The `scaffold` console script.

`scaffold --version` answers before Typer (and everything it imports) is loaded: scripts and
agents call it to probe the installation, and it should cost little more than Python itself.
"""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args == ["--version"]:
        from scaffold import __version__

        sys.stdout.write(f"scaffold {__version__}\n")
        return
    from scaffold.cli import main as run

    run(args)
