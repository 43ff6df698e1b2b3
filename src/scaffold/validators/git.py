"""`--changed-since REF`: the files git says changed since a ref (plus untracked ones)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from scaffold.errors import UserError


def changed_files(ref: str, cwd: Path) -> set[Path]:
    """Absolute paths of files changed between `ref` and the working tree, and untracked files.

    Raises:
        UserError: git is missing, `cwd` is not in a git work tree, or `ref` is not a commit.
    """
    if not ref or ref.startswith("-"):
        raise UserError(
            f"invalid git ref {ref!r}",
            "pass a branch, tag or commit, e.g. --changed-since origin/main",
            code="bad_git_ref",
        )
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd, "not inside a git work tree").strip())
    _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
        cwd,
        f"unknown git ref {ref!r}",
    )
    changed = _git(
        ["diff", "--name-only", "-z", "--diff-filter=ACMRT", ref, "--"],
        top,
        f"cannot diff against {ref!r}",
    )
    untracked = _git(
        ["ls-files", "--others", "--exclude-standard", "-z"], top, "cannot list untracked files"
    )
    names = [name for name in (changed + untracked).split("\0") if name]
    return {(top / name).resolve() for name in names}


def _git(args: list[str], cwd: Path, problem: str) -> str:
    try:
        completed = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise UserError(
            "git is not installed", "install git or drop --changed-since", code="bad_git_ref"
        ) from exc
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        raise UserError(
            problem + (f": {detail[-1]}" if detail else ""),
            "pass a ref that `git rev-parse` knows (a branch, tag or commit) inside the repository",
            code="bad_git_ref",
        )
    return completed.stdout
