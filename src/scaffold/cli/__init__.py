"""The `scaffold` command line: a thin Typer layer over `scaffold.api`.

Each command parses its options, calls one library function and prints the result. Heavy
imports (libcst, copier, jinja2, the validators) happen inside the commands that need them,
so that `scaffold --help` and `scaffold --version` start about as fast as Python itself.
"""

from __future__ import annotations

import sys

import typer

from scaffold import __version__
from scaffold.cli import (
    check,
    crud,
    destroy,
    field,
    migrate,
    model,
    new,
    spec,
    templates,
    token,
    upgrade,
)
from scaffold.cli import slice as slice_cmd
from scaffold.cli.output import EXIT_USAGE, print_json
from scaffold.errors import UserError

app = typer.Typer(
    name="scaffold",
    help=(
        "Generators and validators for FastAPI + SQLModel backends.\n\n"
        "Example:\n\n"
        "\b\n"
        "  scaffold new shop && cd shop && "
        "scaffold crud Product 'name:str(120)' 'price:decimal(10,2)'"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scaffold {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Generators and validators for FastAPI + SQLModel backends."""


new.register(app)
upgrade.register(app)
crud.register(app)
model.register(app)
slice_cmd.register(app)
destroy.register(app)
field.register(app)
spec.register(app)
migrate.register(app)
check.register(app)
templates.register(app)
token.register(app)


def _click_exception_type() -> type[Exception]:
    # Typer vendors click in recent versions; find its ClickException without a private import.
    for klass in typer.BadParameter.__mro__:
        if klass.__name__ == "ClickException":
            return klass
    return Exception  # pragma: no cover - every supported Typer has it


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the CLI and map usage errors onto exit code 2."""
    args = sys.argv[1:] if argv is None else argv
    click_exception = _click_exception_type()
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="scaffold", standalone_mode=False)
    except click_exception as exc:
        message = exc.format_message()  # type: ignore[attr-defined]
        if "--json" in args:
            error = UserError(message, "run the command with --help for its usage", code="usage")
            print_json({"error": error.as_dict()})
        else:
            exc.show()  # type: ignore[attr-defined]
        sys.exit(EXIT_USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(code if isinstance(code, int) else 0)
