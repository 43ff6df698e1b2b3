"""The `scaffold` command line: a thin Typer layer over `scaffold.api`.

Each command parses its options, calls one library function and prints the result. Heavy
imports (libcst, copier, jinja2, the validators) happen inside the commands that need them,
so that `scaffold --help` and `scaffold --version` start about as fast as Python itself.
"""

from __future__ import annotations

import sys
from typing import Any

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
from scaffold.cli.output import EXIT_USAGE, os_error, print_error, print_usage_error, usage_error

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


def _command_path(command: Any, args: list[str]) -> str:
    """`scaffold check stateless`: the (sub)command that `args` run, for a --help hint when
    Click's error carries no context (an option's missing value is found before it has one)."""
    path = ["scaffold"]
    for arg in args:
        subcommands = getattr(command, "commands", None)
        if not subcommands or arg not in subcommands:
            if arg.startswith("-"):
                continue  # an option of the group (--version) before its subcommand
            break
        command = subcommands[arg]
        path.append(arg)
    return " ".join(path)


def _report_click_error(exc: Exception, command: Any, args: list[str], *, as_json: bool) -> None:
    if type(exc).__name__ == "NoArgsIsHelpError":  # a group run bare: its help is the answer
        exc.show()  # type: ignore[attr-defined]
        return
    ctx = getattr(exc, "ctx", None)
    command_path = ctx.command_path if ctx is not None else _command_path(command, args)
    message = exc.format_message()  # type: ignore[attr-defined]
    print_usage_error(usage_error(message, command_path), as_json=as_json)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the CLI and map usage errors onto exit code 2.

    Every error leaves as one line on stderr (or, with `--json` anywhere on the command line,
    one JSON document on stdout) and exit code 2: Click's usage errors, and as a last net an
    OSError that a command did not turn into a `UserError` itself.
    """
    args = sys.argv[1:] if argv is None else argv
    as_json = "--json" in args
    click_exception = _click_exception_type()
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="scaffold", standalone_mode=False)
    except click_exception as exc:
        _report_click_error(exc, command, args, as_json=as_json)
        sys.exit(EXIT_USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        print_error(os_error(exc), as_json=as_json)
        sys.exit(EXIT_USAGE)
    sys.exit(code if isinstance(code, int) else 0)
