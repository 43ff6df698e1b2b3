"""How every command reports: text for people, one JSON document for machines.

Contract (see the README): with `--json`, stdout carries exactly one document, either
`{"data": ...}` or `{"error": {"code", "message", "hint"}}`. Exit codes: 0 success or nothing
to do, 1 conflicts or findings, 2 bad input or usage.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer

from scaffold.errors import UserError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

JSON_HELP = "Print one JSON document on stdout instead of text."


def print_json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=False, default=str) + "\n")


def print_error(error: UserError, *, as_json: bool) -> None:
    """Print a user error as one red line naming the problem and the fix (or as JSON)."""
    if as_json:
        print_json({"error": error.as_dict()})
        return
    # One line: the problem, then the fix.
    hint = f" (fix: {error.hint})" if error.hint else ""
    typer.secho(f"error: {error.message}{hint}", fg=typer.colors.RED, err=True)


def usage_error(message: str, command_path: str) -> UserError:
    """A usage error of Click (unknown option, missing argument, bad value) as one line.

    Click's own report is four lines (usage, a "Try" line, a blank, the error); this keeps the
    error, in scaffold's lower-case style, and points at the command's --help.
    """
    line = " ".join(message.split()).removesuffix(".")
    if line[:1].isupper() and line[1:2].islower():
        line = line[0].lower() + line[1:]
    return UserError(line, f"run `{command_path} --help`", code="usage")


def print_usage_error(error: UserError, *, as_json: bool) -> None:
    """Print a usage error: `error: no such option: --bogus (run `scaffold crud --help`)`."""
    if as_json:
        print_json({"error": error.as_dict()})
        return
    typer.secho(f"error: {error.message} ({error.hint})", fg=typer.colors.RED, err=True)


_OS_HINTS = {
    errno.EACCES: "check the permissions and owner of that path (ls -ld)",
    errno.EPERM: "check the permissions and owner of that path (ls -ld)",
    errno.EROFS: "the file system is read-only: work in a writable copy",
    errno.ENOSPC: "free some disk space and run the command again",
    errno.ENAMETOOLONG: "use shorter names: a file name holds at most 255 bytes",
    errno.EISDIR: "a folder is where a file should be: move it away",
    errno.ENOTDIR: "a file is where a folder should be: move it away",
}


def os_error(exc: OSError) -> UserError:
    """An OSError that escaped a command, as one line naming the file and the OS's reason.

    The last net at the CLI boundary: commands report the file errors they expect themselves.
    """
    where = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
    reason = exc.strerror or str(exc) or type(exc).__name__
    message = f"{where}: {reason}" if where else reason
    hint = _OS_HINTS.get(exc.errno or 0, "check that path, then run the command again")
    return UserError(message, hint, code="os_error")


def fail(error: UserError, *, as_json: bool) -> NoReturn:
    print_error(error, as_json=as_json)
    raise typer.Exit(error.exit_code)


@contextmanager
def user_errors(*, as_json: bool) -> Iterator[None]:
    """Turn a `UserError` raised inside a command into its one-line report and exit code 2."""
    try:
        yield
    except UserError as error:
        fail(error, as_json=as_json)


_STATUS_COLORS = {
    "create": typer.colors.GREEN,
    "update": typer.colors.YELLOW,
    "delete": typer.colors.RED,
    "conflict": typer.colors.RED,
    "identical": typer.colors.BLUE,
    "keep": typer.colors.BLUE,
}


def print_changes(changes: list[Any], *, show_diffs: bool) -> None:
    """Thor-style status lines (`create  app/models/product.py`), diffs where asked."""
    for change in changes:
        label = typer.style(f"{change.status:>10}", fg=_STATUS_COLORS.get(change.status), bold=True)
        reason = f"  ({change.reason})" if change.reason else ""
        typer.echo(f"{label}  {change.path}{reason}")
        if change.status == "conflict" or (
            show_diffs and change.status not in {"identical", "keep"}
        ):
            typer.echo(change.diff())


def report_outcome(outcome: Any, *, as_json: bool) -> int:
    """Print a generator's outcome; return the exit code (1 when conflicts blocked it)."""
    if as_json:
        print_json({"data": outcome.as_dict(with_diff=outcome.dry_run or outcome.blocked)})
        return EXIT_FINDINGS if outcome.blocked else EXIT_OK
    print_changes(outcome.plan.changes, show_diffs=outcome.dry_run)
    if outcome.blocked:
        typer.secho(
            f"{len(outcome.plan.conflicts)} conflict(s): nothing was written. Keep your edits, "
            "or pass --force to overwrite them.",
            fg=typer.colors.RED,
            err=True,
        )
        return EXIT_FINDINGS
    if outcome.dry_run:
        typer.echo("dry run: nothing was written.")
    elif outcome.plan.is_noop:
        typer.echo("nothing to do: every file is identical.")
    elif outcome.next_steps:
        typer.echo("next: " + " && ".join(outcome.next_steps))
    return EXIT_OK
