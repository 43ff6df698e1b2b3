"""`scaffold spec new|check`: the feature specs that `scaffold slice` reads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.options import JsonOption, ProjectOption
from scaffold.cli.output import print_json, report_outcome, user_errors

spec_app = typer.Typer(
    help="Feature specs (specs/features/<feature>.md) for `scaffold slice`.",
    no_args_is_help=True,
)


@spec_app.command("new")
def new_spec(
    feature: Annotated[str, typer.Argument(help="Feature name, e.g. tasks or order-items.")],
    resource: Annotated[
        str | None, typer.Option(help="Resource (model) name; default from the feature name.")
    ] = None,
    project: ProjectOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show it; write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing spec.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Write specs/features/<feature>.md: a commented example to edit.

    Example: scaffold spec new tasks --resource Task
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        outcome = api.new_feature_spec(
            feature, resource=resource, project=project, dry_run=dry_run, force=force
        )
    raise typer.Exit(report_outcome(outcome, as_json=as_json))


@spec_app.command("check")
def check_spec(
    file: Annotated[Path, typer.Argument(help="The feature spec to validate.")],
    as_json: JsonOption = False,
) -> None:
    """Validate a feature spec: exit 0 when `scaffold slice` can use it, 2 with the line if not.

    Example: scaffold spec check specs/features/tasks.md
    """
    from scaffold.model.feature import load_feature

    with user_errors(as_json=as_json):
        feature = load_feature(file)
    summary = {
        "path": str(file),
        "title": feature.title,
        "resource": feature.resource.names.class_name,
        "fields": feature.resource.field_dsl,
        "endpoints": list(feature.endpoints),
        "rules": list(feature.rules),
        "criteria": list(feature.criteria),
    }
    if as_json:
        print_json({"data": summary})
        return
    typer.echo(
        f"ok: {file} describes {summary['resource']} with {len(summary['fields'])} fields: "
        + " ".join(summary["fields"])
    )


def register(app: typer.Typer) -> None:
    app.add_typer(spec_app, name="spec")
