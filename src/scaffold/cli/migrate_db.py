"""`scaffold migrate make|check|test` (db-migration-wizard)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from scaffold.cli.options import JsonOption, ProjectOption
from scaffold.cli.output import EXIT_FINDINGS, EXIT_OK, print_json, user_errors

DB_HELP = (
    "A PostgreSQL server URL: a scratch database is created on it and dropped afterwards "
    "(default: a scratch SQLite file). Your own database is never used."
)
DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP, metavar="URL")]


def make(
    message: Annotated[str, typer.Argument(help="What the migration does.")],
    db: DbOption = None,
    allow_destructive: Annotated[
        bool,
        typer.Option(
            "--allow-destructive",
            help="Write it even though it drops tables or columns or narrows types.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the migration; write nothing.")
    ] = False,
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """Autogenerate a migration from the models against a scratch database, and review it.

    Drops, type narrowing, likely renames and NOT NULL columns without a server default are
    refused (exit 1, nothing written); --allow-destructive accepts drops, narrowing and renames.

    Example: scaffold migrate make "add weight to product"
    """
    from scaffold.migrate.make import make_migration

    with user_errors(as_json=as_json):
        result = make_migration(
            message,
            project=project,
            db=db,
            allow_destructive=allow_destructive,
            dry_run=dry_run,
        )
    if as_json:
        print_json({"data": result.as_dict()})
        raise typer.Exit(EXIT_FINDINGS if result.refused else EXIT_OK)
    raise typer.Exit(_report_make(result))


def _report_make(result: Any) -> int:
    if not result.operations or (result.plan is None and not result.refused):
        typer.echo("nothing to do: the models and the migrations agree.")
        return EXIT_OK
    for line in result.operations:
        typer.echo(f"  {line}")
    for warning in result.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)
    if result.refused:
        for finding in result.blocking:
            typer.secho(f"refused: {finding['message']}", fg=typer.colors.RED, err=True)
            typer.echo(f"  fix: {finding['fix']}", err=True)
        typer.secho(
            f"{len(result.blocking)} problem(s): no migration was written.",
            fg=typer.colors.RED,
            err=True,
        )
        return EXIT_FINDINGS
    for finding in result.findings:
        typer.secho(f"allowed: {finding['message']}", fg=typer.colors.YELLOW, err=True)
    for caution in result.cautions:  # unsafe by nature: the migration says why it is accepted
        typer.secho(f"caution: {caution}", fg=typer.colors.YELLOW, err=True)
    change = result.plan.changes[0]
    if result.dry_run:
        typer.echo(change.diff())
        typer.echo(f"dry run: {change.path} was not written.")
        return EXIT_OK
    typer.secho(f"{'create':>10}", fg=typer.colors.GREEN, bold=True, nl=False)
    typer.echo(f"  {change.path}")
    typer.echo("next: alembic upgrade head")
    return EXIT_OK


def check(db: DbOption = None, project: ProjectOption = None, as_json: JsonOption = False) -> None:
    """Exit 1 when the models and the migrations disagree, or when there are several heads.

    Example:

    \b
      scaffold migrate check --db postgresql://postgres@localhost:5432/postgres
    """
    from scaffold.migrate.check import check_migrations

    with user_errors(as_json=as_json):
        result = check_migrations(project=project, db=db)
    code = EXIT_OK if result.ok else EXIT_FINDINGS
    if as_json:
        print_json({"data": result.as_dict()})
        raise typer.Exit(code)
    if len(result.heads) > 1:
        typer.secho(
            f"{len(result.heads)} heads ({', '.join(result.heads)}): merge them with "
            "`alembic merge heads -m 'merge'`",
            fg=typer.colors.RED,
        )
    if result.differences:
        typer.secho("the models differ from the migrations:", fg=typer.colors.RED)
        for line in result.differences:
            typer.echo(f"  {line}")
        typer.echo('fix: scaffold migrate make "describe the change"')
    if result.ok:
        typer.echo(f"ok: the models match the migrations ({result.dialect}), one head.")
    raise typer.Exit(code)


def test(db: DbOption = None, project: ProjectOption = None, as_json: JsonOption = False) -> None:
    """Round-trip every migration on a scratch database and check the data it did not touch.

    Per revision: upgrade, insert rows into every table, downgrade one step, upgrade again,
    compare the checksums of the untouched columns.

    Example: scaffold migrate test
    """
    from scaffold.migrate.integrity import verify_migrations

    with user_errors(as_json=as_json):
        result = verify_migrations(project=project, db=db)
    code = EXIT_OK if result.ok else EXIT_FINDINGS
    if as_json:
        print_json({"data": result.as_dict()})
        raise typer.Exit(code)
    for report in result.revisions:
        color = typer.colors.GREEN if report["status"] == "pass" else typer.colors.RED
        label = typer.style(f"{report['status']:>5}", fg=color, bold=True)
        typer.echo(
            f"{label}  {report['revision']}  {report['message']}  "
            f"({report['checked']} columns kept, {len(report['exempt'])} exempt)"
        )
        if "error" in report:
            typer.echo(f"       {report['error']}")
        for line in report["changed"]:
            typer.echo(f"       changed: {line}")
        for note in report["notes"]:
            typer.echo(f"       note: {note}")
    if not result.revisions:
        typer.echo("nothing to test: there are no migrations.")
    elif result.ok:
        typer.echo(f"ok: {len(result.revisions)} revision(s) round-trip ({result.dialect}).")
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `make`, `check` and `test` to the `scaffold migrate` group (`app`)."""
    app.command("make")(make)
    app.command("check")(check)
    app.command("test")(test)
