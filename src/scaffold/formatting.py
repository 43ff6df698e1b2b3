"""Generated Python goes through ruff (imports sorted, unused ones dropped, then formatted)
before it enters a plan, so the diff a user reviews is exactly the file that lands."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scaffold.errors import TemplateError, ToolError


def ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("ruff")
        if found:
            return found
    raise ToolError("ruff is not installed", f"install it: {sys.executable} -m pip install ruff")


def format_python(sources: dict[str, str], project_root: Path | None) -> dict[str, str]:
    """Return `sources` (relative path -> code) sorted, pruned and formatted by ruff.

    The project's own ruff settings (line length, first-party packages) apply. All files go
    through two ruff runs in a scratch folder, never in the project itself.
    """
    if not sources:
        return {}
    ruff = ruff_binary()
    with tempfile.TemporaryDirectory(prefix="scaffold-fmt-") as scratch:
        base = Path(scratch)
        config = project_root / "pyproject.toml" if project_root else None
        if config is not None and config.is_file():
            shutil.copyfile(config, base / "pyproject.toml")
        for rel, code in sources.items():
            target = base / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(code, encoding="utf-8")
        paths = list(sources)
        _run([ruff, "check", "--fix", "--select", "I,F401", "--quiet", *paths], base)
        _run([ruff, "format", "--quiet", *paths], base)
        return {rel: (base / rel).read_text(encoding="utf-8") for rel in sources}


def _run(argv: list[str], cwd: Path) -> None:
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    # ruff check exits 1 when findings remain (other than what it fixed): that is not our job
    # here; only a crash or a syntax error in rendered code (exit 2, or "error:") is.
    problem = result.returncode >= 2 or "error:" in result.stderr
    if problem:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise TemplateError(
            "rendered code does not parse: " + (message[0] if message else "ruff failed"),
            "a template override produced invalid Python; fix it or remove it",
        )
