"""Kill a command at an exact rename, as a crash would, and read the tree it leaves.

The command runs in a forked child (no import cost: the parent has imported scaffold) whose
`os.replace` and `os.rename` count the calls that land inside the project; at the k-th the
child SIGKILLs itself, just before or just after the call. A kill at a chosen rename, rather
than after a chosen time, makes every case exact and repeatable.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from scaffold.engine.journal import BACKUP_DIR, JOURNAL_PATH, is_temp_name
from scaffold.engine.lock import LOCK_PATH

When = Literal["before", "after"]
# Caches that tools (not scaffold) write; a database the app may have made.
_SKIPPED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"})


@dataclass(frozen=True)
class ChildResult:
    exit_code: int | None  # None: killed
    renames: int  # counted inside the project up to the end (or the kill)
    log: str


def run_in_child(
    action: Callable[[], Any],
    root: Path,
    *,
    kill_at: int | None = None,
    when: When = "before",
    log: Path,
) -> ChildResult:
    """Run `action` in a forked child; kill it at its `kill_at`-th rename into `root`."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        count = [0]
        code = 70
        try:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            # pytest's capture replaced these; the child writes to its log instead.
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            _count_renames(root, count, kill_at, when, write_end)
            result = action()
            code = result if isinstance(result, int) else 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc()
        finally:
            os.write(write_end, f"{count[0]}\n".encode())
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read_end) as reader:
        counts = reader.read().split()
    renames = int(counts[-1]) if counts else 0
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL, text
        return ChildResult(None, renames, text)
    return ChildResult(os.WEXITSTATUS(status), renames, text)


def _count_renames(
    root: Path, count: list[int], kill_at: int | None, when: When, report: int
) -> None:
    prefix = str(root.resolve()) + os.sep

    def wrap(original: Callable[..., None]) -> Callable[..., None]:
        def counted(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            inside = os.path.abspath(os.fspath(dst)).startswith(prefix)
            if inside:
                count[0] += 1
            hit = inside and count[0] == kill_at
            if hit and when == "before":
                _die(report, count[0])
            original(src, dst, *args, **kwargs)
            if hit and when == "after":
                _die(report, count[0])

        return counted

    os.replace = wrap(os.replace)  # type: ignore[assignment]
    os.rename = wrap(os.rename)  # type: ignore[assignment]


def _die(report: int, renames: int) -> None:
    os.write(report, f"{renames}\n".encode())
    sys.stdout.flush()  # the log only: the project sees a kill
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def tree(root: Path) -> dict[str, str]:
    """Every folder and file under `root` (caches and *.db aside): a file by mode and hash."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if _SKIPPED_PARTS & set(rel.parts) or path.suffix == ".db":
            continue
        if path.is_symlink():
            found[rel.as_posix()] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[rel.as_posix() + "/"] = "folder"
        else:
            mode = stat.S_IMODE(path.stat().st_mode)
            found[rel.as_posix()] = f"{mode:o} {hashlib.sha256(path.read_bytes()).hexdigest()}"
    return found


def leftovers(root: Path) -> list[str]:
    """What an apply leaves only when something went wrong: temporary files, a journal, its
    backups, a lock file."""
    found = [
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if is_temp_name(p.name) and "__pycache__" not in p.parts
    ]
    found += [p for p in (JOURNAL_PATH, BACKUP_DIR, LOCK_PATH) if os.path.lexists(root / p)]
    return sorted(found)
