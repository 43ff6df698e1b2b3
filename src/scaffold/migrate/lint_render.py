"""Render every Alembic revision's upgrade SQL for PostgreSQL, offline, in a child process.

This file is run as a script (`python -c <this source>`) with the project root as the working
directory, never imported by scaffold: the project's `alembic/env.py` imports the app's models,
and the user's code must not run inside scaffold's process. It imports nothing from scaffold.

Offline mode (`alembic upgrade <down>:<rev> --sql`) needs only the dialect, so the PostgreSQL
URL in `DATABASE_URL` is never connected to. Each statement is recorded with the line of the
migration file that was executing when Alembic wrote it (the `op.*` call), so that findings
point at the operation and can be suppressed there.

Output: one line `SCAFFOLD-LINT-RENDER <json>` on stdout (anything the project prints goes to
stderr) with `{"revisions": [...]}` in upgrade order, or `{"fatal": message}` when Alembic
cannot load the migrations at all.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Any

MARKER = "SCAFFOLD-LINT-RENDER "


class _Recorder:
    """An output buffer that keeps what one migration file writes, with its line."""

    def __init__(self, path: str) -> None:
        self.path = os.path.realpath(path)
        self.statements: list[dict[str, Any]] = []
        self._real: dict[str, str] = {}

    def _is_migration(self, filename: str) -> bool:
        real = self._real.get(filename)
        if real is None:
            real = self._real[filename] = os.path.realpath(filename)
        return real == self.path

    def write(self, text: str) -> int:
        frame = sys._getframe(1)
        while frame is not None:
            if self._is_migration(frame.f_code.co_filename):
                if text.strip():
                    self.statements.append({"sql": text, "line": frame.f_lineno or 1})
                break
            frame = frame.f_back  # type: ignore[assignment]
        # Output outside the migration (alembic_version bookkeeping, BEGIN/COMMIT) is dropped.
        return len(text)

    def flush(self) -> None:
        pass


def _error_line(exc: BaseException, path: str) -> int | None:
    real = os.path.realpath(path)
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.realpath(frame.filename) == real:
            line = frame.lineno
    return line


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def render() -> dict[str, Any]:
    try:
        from alembic import command
        from alembic.config import Config
        from alembic.script import ScriptDirectory
    except ImportError as exc:
        return {"fatal": _describe(exc), "missing": "alembic"}

    config = Config(os.path.join(os.getcwd(), "alembic.ini"))
    config.attributes["configure_logger"] = False
    config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
    try:
        script = ScriptDirectory.from_config(config)
        ordered = list(reversed(list(script.walk_revisions("base", "heads"))))
    except Exception as exc:  # any failure here is the project's, reported
        return {"fatal": _describe(exc)}
    # command.upgrade builds a ScriptDirectory per call, which reads every migration file
    # again: hand it this one, so rendering N revisions reads them once, not N times.
    ScriptDirectory.from_config = lambda *args, **kwargs: script  # type: ignore[method-assign]
    revisions: list[dict[str, Any]] = []
    for item in ordered:
        down = item.down_revision
        downs = [down] if isinstance(down, str) else list(down or ())
        recorder = _Recorder(item.path)
        config.output_buffer = recorder  # type: ignore[assignment]
        # A single parent: render only this step. A root or a merge: render from base and keep
        # what this revision's file wrote (the recorder ignores the other files).
        target = f"{downs[0]}:{item.revision}" if len(downs) == 1 else item.revision
        entry: dict[str, Any] = {
            "revision": item.revision,
            "down_revisions": downs,
            "path": item.path,
            "statements": [],
            "error": None,
        }
        try:
            command.upgrade(config, target, sql=True)
        except Exception as exc:  # reported per revision, then the next one
            entry["error"] = {"message": _describe(exc), "line": _error_line(exc, item.path)}
        entry["statements"] = recorder.statements
        revisions.append(entry)
    return {"revisions": revisions}


def main() -> None:
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # whatever the project prints must not corrupt the document
    try:
        document = render()
    except Exception as exc:  # e.g. alembic not installed: one clear line
        document = {"fatal": _describe(exc)}
    real_stdout.write(MARKER + json.dumps(document) + "\n")
    real_stdout.flush()


if __name__ == "__main__":
    main()
