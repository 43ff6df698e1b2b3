"""How every command reports: text for people, one JSON document for machines.

Contract (see the README): with `--json`, stdout carries exactly one document, either
`{"data": ...}` or `{"error": {"code", "message", "hint"}}`. Exit codes: 0 success or nothing
to do, 1 conflicts or findings, 2 bad input or usage.
"""

from __future__ import annotations

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
    """Print a user error as one red line plus a hint line (or as a JSON error document)."""
    if as_json:
        print_json({"error": error.as_dict()})
        return
    typer.secho(f"error: {error.message}", fg=typer.colors.RED, err=True)
    if error.hint:
        typer.secho(f"hint: {error.hint}", err=True)


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
