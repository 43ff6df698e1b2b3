"""`scaffold check ...`: the validators (stateless-agent-enforcer, later code-reviewer).

Only typer is imported at module level: the validators load inside the command, so that
`scaffold --help` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.cli.options import (
    ExplainOption,
    ListRulesOption,
    explain_and_list,
    json_and_format,
    refuse_together,
)

check_app = typer.Typer(
    help="Validators that read code and report findings (exit 1 on findings).",
    no_args_is_help=True,
)

_STATELESS_HELP = """Find in-memory state in agent code: the stateless-agent rules (SA1xx).

Agents must keep conversation state in the database so that any instance can serve any
request and nothing is lost on restart. This reports module-level containers and objects
changed at request time, global/closure rebinding, class-level mutable attributes, shared
stateful instances, lru_cache on request data, app.state writes in handlers, known in-memory
conversation memories, os.environ / thread-local / local-file state, and mutated mutable
defaults.

Exit status: 0 clean, 1 findings (or files that do not parse), 2 usage or input error.

Examples:

  scaffold check stateless                      # the whole project

  scaffold check stateless app/ --format sarif > stateless.sarif

  scaffold check stateless --changed-since origin/main --format github

  scaffold check stateless --explain SA101

Suppress one finding with `# scaffold: ignore[SA101]` on its line. Configure in
[tool.scaffold.stateless] of pyproject.toml: select, ignore, exclude, extend-exclude,
per-path-ignores, extra-in-memory-classes, allowed-globals.
"""


@check_app.command("stateless", help=_STATELESS_HELP)
def stateless(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATHS]...",
            help="Files or directories to check (default: the project root).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="Output format: text, json, sarif or github."
        ),
    ] = "text",
    json_flag: Annotated[
        bool, typer.Option("--json", help="Print one JSON document on stdout (= --format json).")
    ] = False,
    select: Annotated[
        str | None,
        typer.Option(
            metavar="CODES", help="Comma-separated rule codes or prefixes to run (replaces config)."
        ),
    ] = None,
    ignore: Annotated[
        str | None,
        typer.Option(metavar="CODES", help="Comma-separated rule codes or prefixes to skip."),
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(metavar="REF", help="Only check files changed since a git ref."),
    ] = None,
    cache_dir: Annotated[
        str | None,
        typer.Option(
            metavar="DIR", help="Cache directory (default: .scaffold-cache/ in the project)."
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache.")
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            metavar="N",
            help="Worker processes (0: one per CPU when worth it).",
        ),
    ] = 0,
    force_exclude: Annotated[
        bool,
        typer.Option(
            "--force-exclude", help="Apply excludes to files named on the command line too."
        ),
    ] = False,
    explain: ExplainOption = None,
    list_rules: ListRulesOption = False,
) -> None:
    from scaffold.cli.output import EXIT_FINDINGS, EXIT_OK, print_json, user_errors

    as_json = json_flag or output_format == "json"
    with user_errors(as_json=as_json):
        from pathlib import Path

        from scaffold import __version__
        from scaffold.errors import UserError
        from scaffold.validators import stateless as checker
        from scaffold.validators.formats import FORMATS, render
        from scaffold.validators.formats.explain import render_explain, render_rule_list

        if output_format not in FORMATS:
            raise UserError(
                f"unknown format {output_format!r}",
                f"use one of: {', '.join(FORMATS)}",
                code="usage",
            )
        json_and_format(json_flag, output_format)
        explain_and_list(explain, list_rules)
        refuse_together(
            "--no-cache" if no_cache else None,
            f"--cache-dir {cache_dir}" if cache_dir is not None else None,
            "--no-cache neither reads nor writes a cache: drop --cache-dir, or --no-cache",
        )
        if explain is not None:
            info = checker.rule_info(explain)
            if as_json:
                print_json({"data": info.as_dict(examples=True)})
            else:
                typer.echo(render_explain(info), nl=False)
            raise typer.Exit(EXIT_OK)
        if list_rules:
            infos = checker.rule_infos()
            if as_json:
                print_json({"data": {"rules": [info.as_dict() for info in infos]}})
            else:
                typer.echo(render_rule_list(infos), nl=False)
            raise typer.Exit(EXIT_OK)
        result = checker.check(
            [Path(path) for path in paths or []],
            select=_codes(select),
            ignore=_codes(ignore) or [],
            changed_since=changed_since,
            cache_dir=Path(cache_dir).resolve() if cache_dir else None,
            use_cache=not no_cache,
            jobs=jobs,
            force_exclude=force_exclude,
        )
        name = "json" if as_json else output_format
        report = render(
            name, result, checker.rule_infos(), tool="scaffold-stateless", version=__version__
        )
        typer.echo(report, nl=False)
        if result.findings or result.errors:
            raise typer.Exit(EXIT_FINDINGS)


def _codes(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [code.strip() for code in value.split(",") if code.strip()]


def register(app: typer.Typer) -> None:
    app.add_typer(check_app, name="check")
