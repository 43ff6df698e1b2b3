"""The project lock: one command at a time changes a project.

An `fcntl.flock` on `.scaffold/lock`. The kernel drops it when its holder exits, however it
exits, so a killed command never leaves the project locked. The holder writes its pid, command
and start time into the file, so a command that has to wait can say for whom. The holder
removes the file when it is done; a waiter that opened the file before that finds its inode
gone from the folder after it gets the lock, and starts over on the new file.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scaffold.errors import ProjectError, UserError

LOCK_PATH = ".scaffold/lock"
TIMEOUT_ENV = "SCAFFOLD_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 10.0  # seconds; a generator takes about one
_POLL = 0.05
# A holder writes its name a moment after it takes the lock: past the deadline, a waiter that
# has not read a name yet keeps trying this much longer, so that it can say whom it waited for.
_NAME_GRACE = 1.0


class ProjectLocked(UserError):
    """Another scaffold command held the project for longer than this one would wait."""

    code = "project_locked"


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as it wrote itself into the lock file."""

    pid: int | None
    command: str
    started: str

    def describe(self) -> str:
        if self.pid is None:
            return "another scaffold command"
        return f"`scaffold {self.command}` (pid {self.pid}, started {self.started})"

    @classmethod
    def read(cls, path: Path) -> Holder:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(int(data["pid"]), str(data["command"]), str(data["started"]))
        except (OSError, ValueError, KeyError, TypeError):
            # Not written yet (the holder has just taken it) or already removed.
            return cls(None, "", "")


def lock_timeout() -> float:
    """How long to wait for the lock: SCAFFOLD_LOCK_TIMEOUT seconds, else the default."""
    raw = os.environ.get(TIMEOUT_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan
        raise UserError(
            f"{TIMEOUT_ENV}={raw!r} is not a number of seconds",
            f"set it to how long to wait for another scaffold command, e.g. {TIMEOUT_ENV}=30",
            code="bad_lock_timeout",
        )
    return value


class ProjectLock:
    """The held lock of one project; `release()` (or process exit) frees it."""

    def __init__(self, root: Path, fd: int) -> None:
        self.root = root
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, root: Path, command: str, *, timeout: float | None = None) -> ProjectLock:
        """Take the lock, waiting up to `timeout` seconds (default: `lock_timeout()`).

        Raises:
            ProjectLocked: another command held it all that time.
            ProjectError: the lock file cannot be made (a read-only or foreign folder).
        """
        wait = lock_timeout() if timeout is None else timeout
        path = root / LOCK_PATH
        deadline = time.monotonic() + wait
        announced = False
        while True:
            fd = _open(path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                holder = Holder.read(path)
                now = time.monotonic()
                if now >= deadline and (holder.pid is not None or now >= deadline + _NAME_GRACE):
                    raise ProjectLocked(
                        f"the project is in use by {holder.describe()}; waited {wait:g}s",
                        "let it finish, then run this command again (or wait longer: "
                        f"{TIMEOUT_ENV}=SECONDS)",
                    ) from None
                if not announced:
                    sys.stderr.write(f"scaffold: waiting for {holder.describe()} to finish\n")
                    sys.stderr.flush()
                    announced = True
                time.sleep(_POLL)
                continue
            if _is_current(fd, path):
                break
            os.close(fd)  # the holder before us removed this file: lock the new one
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        record = {"pid": os.getpid(), "command": command, "started": started}
        data = (json.dumps(record) + "\n").encode("utf-8")
        # Written before the old tail is cut: a reader never sees an empty file for a held lock.
        os.pwrite(fd, data, 0)
        os.ftruncate(fd, len(data))
        return cls(root, fd)

    def release(self) -> None:
        if self._fd is None:
            return
        path = self.root / LOCK_PATH
        try:
            if _is_current(self._fd, path):
                path.unlink()  # while still held, so no one can take this inode's lock after
        except OSError:
            pass  # a lock file left behind is harmless: the next holder reuses it
        os.close(self._fd)
        self._fd = None


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        hint = (
            "make the project folder writable, then run the command again"
            if exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}
            else "check that the project's .scaffold folder is a folder you can write"
        )
        raise ProjectError(
            f"cannot take the project lock {LOCK_PATH} ({exc.strerror})", hint, code="no_lock"
        ) from None


def _is_current(fd: int, path: Path) -> bool:
    """Whether the open file `fd` is still the one at `path`."""
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)
