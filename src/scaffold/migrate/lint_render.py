"""Render every Alembic revision's upgrade SQL for PostgreSQL, offline, in a child process.

This file is run as a script (`python -c <this source>`) with the project root as the working
directory, never imported by scaffold: the project's `alembic/env.py` imports the app's models,
and the user's code must not run inside scaffold's process. It imports nothing from scaffold.

Offline mode (`alembic upgrade <down>:<rev> --sql`) needs only the dialect, so the PostgreSQL
URL in `DATABASE_URL` is never connected to. Each statement is recorded with the line of the
migration file that was executing when Alembic wrote it (the `op.*` call), so that findings
point at the operation and can be acknowledged there. Inside `op.batch_alter_table`, Alembic
queues the `batch_op.*` calls and runs them when the block ends; the line of each call is kept
with it, so that a statement points at its `batch_op.*` line rather than at the `with`.

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
        # While a queued batch operation runs: the line of the `batch_op.*` call that queued it.
        self.line: int | None = None

    def _is_migration(self, filename: str) -> bool:
        real = self._real.get(filename)
        if real is None:
            real = self._real[filename] = os.path.realpath(filename)
        return real == self.path

    def caller_line(self) -> int | None:
        """The line of the migration file on the current call stack, if it is on it."""
        frame = sys._getframe(1)
        while frame is not None:
            if self._is_migration(frame.f_code.co_filename):
                return frame.f_lineno or 1
            frame = frame.f_back  # type: ignore[assignment]
        return None

    def write(self, text: str) -> int:
        line = self.caller_line()
        # Output outside the migration (alembic_version bookkeeping, BEGIN/COMMIT) is dropped.
        if line is not None and text.strip():
            self.statements.append({"sql": text, "line": self.line or line})
        return len(text)

    def flush(self) -> None:
        pass


_current: list[_Recorder] = []  # the recorder of the revision being rendered


class _LineQueue(list[Any]):
    """A batch's queue of operations that also keeps the line each was queued from."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int | None] = []

    def append(self, item: Any) -> None:
        self.lines.append(_current[-1].caller_line() if _current else None)
        super().append(item)


def _track_batch_lines() -> None:
    """Run each queued batch operation alone, with the line of the call that queued it.

    Only where the batch runs plain ALTERs (PostgreSQL never copies the table); if Alembic's
    batch internals are not as expected, statements keep pointing at the `with` line.
    """
    try:
        from alembic.operations.batch import BatchOperationsImpl
    except ImportError:
        return
    init: Any = BatchOperationsImpl.__init__
    flush: Any = BatchOperationsImpl.flush
    if not hasattr(BatchOperationsImpl, "_should_recreate"):
        return

    def tracked_init(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if isinstance(getattr(self, "batch", None), list):
            self.batch = _LineQueue()

    def tracked_flush(self: Any) -> None:
        queue = self.batch
        if not isinstance(queue, _LineQueue) or not _current or self._should_recreate():
            flush(self)
            return
        recorder = _current[-1]
        try:
            for item, line in zip(list(queue), queue.lines, strict=True):
                self.batch, recorder.line = [item], line
                flush(self)
        finally:
            self.batch, recorder.line = queue, None

    BatchOperationsImpl.__init__ = tracked_init  # type: ignore[method-assign]
    BatchOperationsImpl.flush = tracked_flush  # type: ignore[method-assign]


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
    _track_batch_lines()
    revisions: list[dict[str, Any]] = []
    for item in ordered:
        down = item.down_revision
        downs = [down] if isinstance(down, str) else list(down or ())
        recorder = _Recorder(item.path)
        _current[:] = [recorder]
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
