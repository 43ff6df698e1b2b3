"""`scaffold migrate lint [REVISION]` (db-migration-wizard): migrations that lock live tables."""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.cli.options import (
    ExplainOption,
    ListRulesOption,
    ProjectOption,
    explain_and_list,
    json_and_format,
)


def lint(
    revision: Annotated[
        str | None,
        typer.Argument(
            metavar="REVISION",
            help="Lint only this revision: an id, a unique prefix, or head (default: all).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="REV", help="Lint only the revisions after REV."),
    ] = None,
    project: ProjectOption = None,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="Output: text, json or github."),
    ] = "text",
    json_flag: Annotated[
        bool, typer.Option("--json", help="Print one JSON document on stdout (= --format json).")
    ] = False,
    explain: ExplainOption = None,
    list_rules: ListRulesOption = False,
) -> None:
    """Flag migration operations that lock or break a live PostgreSQL table (ML1xx).

    Each revision's upgrade is rendered as PostgreSQL SQL by Alembic's offline mode (no database
    is connected to) and every statement is checked: CREATE INDEX without CONCURRENTLY (ML101), a
    column added with a volatile default (ML102), ALTER COLUMN TYPE that rewrites the table
    (ML103), NOT NULL in one step (ML104), renamed columns and tables (ML105, ML106), dropped
    columns and tables (ML107, ML108), CHECK / FOREIGN KEY without NOT VALID (ML109), UNIQUE /
    PRIMARY KEY built under lock (ML110), CONCURRENTLY inside the transaction (ML111). Each finding
    names the safe sequence. Tables created in the same revision are not checked: they have no
    live rows yet.

    Exit status: 0 clean, 1 findings (or a revision that fails to render), 2 bad input.

    Accept a finding you have handled with a reasoned acknowledgement right above (or at the end
    of) the op.* call it points at: `# scaffold: allow[ML107] -- the release before this one
    stopped reading notes`. It accepts that rule on that statement only. One without a reason
    (at least 3 words after `--`), for a rule that reports nothing there (the downgrade is never
    linted), or for an unknown rule is reported as ML100. Migrations scaffold writes carry one
    where the change is unsafe by nature (a column renamed or dropped).

    Example: scaffold migrate lint --since 3f2a1c --json
    """
    from scaffold.cli.output import EXIT_FINDINGS, EXIT_OK, print_json, user_errors

    as_json = json_flag or output_format == "json"
    with user_errors(as_json=as_json):
        from scaffold import api
        from scaffold.errors import UserError
        from scaffold.migrate import lint as linter
        from scaffold.validators.formats import github, text
        from scaffold.validators.formats.explain import render_rule_list

        if output_format not in {"text", "json", "github"}:
            raise UserError(
                f"unknown format {output_format!r}", "use one of: text, json, github", code="usage"
            )
        json_and_format(json_flag, output_format)
        explain_and_list(explain, list_rules)
        if explain is not None:
            info = linter.rule_info(explain)
            if as_json:
                print_json({"data": info.as_dict(examples=True)})
            else:
                typer.echo(linter.render_explain(info), nl=False)
            raise typer.Exit(EXIT_OK)
        if list_rules:
            infos = linter.rule_infos()
            if as_json:
                print_json({"data": {"rules": [info.as_dict() for info in infos]}})
            else:
                typer.echo(render_rule_list(infos), nl=False)
            raise typer.Exit(EXIT_OK)
        report = api.migrate_lint(project, revision=revision, since=since)
        if as_json:
            print_json({"data": report.as_dict()})
        elif output_format == "github":
            typer.echo(github.render(report.result, linter.rule_infos()), nl=False)
        else:
            typer.echo(text.render(report.result, cwd=report.root), nl=False)
        if report.result.findings or report.result.errors:
            raise typer.Exit(EXIT_FINDINGS)


def register(migrate_app: typer.Typer) -> None:
    migrate_app.command("lint")(lint)
