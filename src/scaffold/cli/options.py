"""Options that many commands share, declared once so their names and help stay the same."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.output import JSON_HELP
from scaffold.errors import UserError

ProjectOption = Annotated[
    Path | None, typer.Option("--project", help="Project folder (default: search upwards).")
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show statuses and diffs; write nothing.")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Overwrite files you edited (conflicts).")
]
JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
TestsOption = Annotated[bool, typer.Option("--tests/--no-tests", help="Write the tests.")]
MigrationOption = Annotated[
    bool, typer.Option("--migration/--no-migration", help="Write the Alembic migration.")
]
SoftDeleteOption = Annotated[
    bool,
    typer.Option("--soft-delete", help="Delete sets deleted_at; queries skip those rows."),
]
ExplainOption = Annotated[
    str | None,
    typer.Option(metavar="CODE", help="Explain a rule, with its examples, and exit."),
]
ListRulesOption = Annotated[bool, typer.Option("--list-rules", help="List the rules and exit.")]


def refuse_together(first: str | None, second: str | None, hint: str) -> None:
    """Refuse two options that contradict each other; each is its text as given, or None.

    Raises:
        UserError: both were given (code `usage`, exit 2).
    """
    if first is not None and second is not None:
        raise UserError(f"{first} contradicts {second}", hint, code="usage")


def json_and_format(json_flag: bool, output_format: str) -> None:
    """`--json` is `--format json`: refuse it beside another explicit format."""
    refuse_together(
        "--json" if json_flag else None,
        f"--format {output_format}" if output_format not in {"text", "json"} else None,
        f"--json means --format json: pass --json or --format {output_format}, not both",
    )


def explain_and_list(explain: str | None, list_rules: bool) -> None:
    refuse_together(
        f"--explain {explain}" if explain is not None else None,
        "--list-rules" if list_rules else None,
        "--explain CODE shows one rule, --list-rules lists them all: pass one",
    )
