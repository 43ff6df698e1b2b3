"""A generated app under a real uvicorn on 127.0.0.1, and real HS256 tokens for it."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from tests.conftest import PYTHON

SECRET = "live-test-secret-that-is-at-least-32-bytes-long"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bearer(user: str, minutes: int = 5) -> str:
    """A token for `user` that the app accepts when it runs with `JWT_SECRET=SECRET`."""
    claims = {"sub": user, "exp": datetime.now(UTC) + timedelta(minutes=minutes)}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def auth_header(user: str, minutes: int = 5) -> dict[str, str]:
    """The `Authorization` header of `bearer(user)`."""
    return {"Authorization": f"Bearer {bearer(user, minutes)}"}


@dataclass(frozen=True)
class ServerLog:
    """The server's output, in a file: a pipe left unread would block a server that logs a lot."""

    path: Path

    def mark(self) -> int:
        """Where the log ends now; `since(mark)` reads what was written after."""
        return self.path.stat().st_size

    def since(self, mark: int) -> str:
        with self.path.open("rb") as log:
            log.seek(mark)
            return log.read().decode("utf-8", "replace")

    def exceptions_since(self, mark: int, settle: float = 1.0) -> list[str]:
        """The errors logged after `mark`, one line each (see `exception_lines`).

        uvicorn logs the traceback after the 500 has been sent, so this waits up to `settle`
        seconds for it to arrive.
        """
        deadline = time.monotonic() + settle
        while True:
            found = exception_lines(self.since(mark))
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.05)


# An exception line, also inside an exception group's `| ` margin, and a frame of the project's.
_EXCEPTION_LINE = re.compile(
    r"^[ |+]*((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|Group)\b.*)$"
)
_APP_FRAME = re.compile(r'^[ |+]*File "[^"]*/(app/[^"]+)", line (\d+), in (\S+)')


def exception_lines(text: str) -> list[str]:
    """One line per error that uvicorn logged in `text`: where in app/ it escaped, and what.

    uvicorn starts each report with an `ERROR:` line; in a chained traceback the last exception
    is the one that escaped, its first line names it, and the last frame in the project's own
    `app/` is where to look.
    """
    found: list[str] = []
    for block in re.split(r"^ERROR:", text, flags=re.MULTILINE)[1:]:
        lines = block.splitlines()
        errors = [m.group(1) for m in map(_EXCEPTION_LINE.match, lines) if m]
        frames = [m for m in map(_APP_FRAME.match, lines) if m]
        if errors:
            where = f"{frames[-1][1]}:{frames[-1][2]} in {frames[-1][3]}: " if frames else ""
            found.append(where + errors[-1][:300])
    return found


@contextmanager
def serve(root: Path, env: dict[str, str], log_path: Path) -> Iterator[tuple[str, ServerLog]]:
    """Run `uvicorn app.main:app` of the project at `root` on a free port until the block ends.

    Yields the base URL and the server's log. Fails the test with that log if the server does
    not answer `/api/health` within 30 seconds.
    """
    port = free_port()
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "uvicorn",
                "app.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
            ],
            cwd=root,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    log = ServerLog(log_path)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"uvicorn did not start:\n{log.since(0)}")
            time.sleep(0.1)
        yield base, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
