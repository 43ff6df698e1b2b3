"""`scaffold check ...`: the validators (stateless-agent-enforcer, later code-reviewer)."""

from __future__ import annotations

import typer

check_app = typer.Typer(
    help="Validators that read code and report findings (exit 1 on findings).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(check_app, name="check")
