"""Options that many commands share, declared once so their names and help stay the same."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.output import JSON_HELP

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
