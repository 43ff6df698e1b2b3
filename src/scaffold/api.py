"""The library surface: what the CLI (and tests, and other tools) call.

Each function validates its input, builds a plan, and applies it unless asked for a dry run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.engine.outcome import Outcome

if TYPE_CHECKING:
    from scaffold.engine.plan import Plan
    from scaffold.engine.project import Project
    from scaffold.generators.crud import CrudOptions
    from scaffold.generators.project import NewProject
    from scaffold.model.spec import ResourceSpec


def new_project(
    path: Path,
    *,
    name: str | None = None,
    description: str | None = None,
    template: Path | None = None,
    install: bool = False,
) -> NewProject:
    """Create a project at `path`; return what was written and how to install its dependencies.

    `template` replaces the bundled project template (a copier template folder). `install`
    then installs the project, editable with its dev extra, into the Python scaffold runs in.
    """
    from scaffold.generators.project import install_dependencies, render_project

    root = path.resolve()
    project = render_project(root, name or root.name, description, template_root=template)
    if install:
        install_dependencies(project)
    return project


def slice_from_spec(
    spec_path: Path,
    *,
    project: Path | None = None,
    tests: bool = True,
    migration: bool = True,
    soft_delete: bool = False,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Generate a vertical slice (crud plus a service layer and its tests) from a feature spec."""
    from scaffold.engine.project import Project
    from scaffold.generators.crud import CrudOptions
    from scaffold.model.feature import load_feature
    from scaffold.model.table_options import RawOptions

    path = spec_path if spec_path.is_absolute() else Path.cwd() / spec_path
    command = f"slice --spec {spec_path}"
    with Project.open(project, write=not dry_run, command=command) as opened:
        try:
            shown = path.resolve().relative_to(opened.root).as_posix()
        except ValueError:
            shown = str(spec_path)
        feature = load_feature(path, shown)
        options = CrudOptions(
            tests=tests,
            migration=migration,
            service=True,
            feature=feature,
            table=RawOptions(soft_delete=soft_delete),
        )
        return _generate(opened, feature.resource, options, dry_run=dry_run, force=force)


def new_feature_spec(
    feature: str,
    *,
    resource: str | None = None,
    project: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Write `specs/features/<feature>.md`, a commented example spec to edit."""
    import re

    from scaffold.engine.plan import Plan, classify
    from scaffold.engine.project import Project
    from scaffold.engine.render import Renderer
    from scaffold.engine.writer import resolve_conflicts
    from scaffold.errors import SpecError
    from scaffold.model.spec import parse_resource_name

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", feature):
        raise SpecError(
            f"{feature!r} is not a feature name",
            "use lowercase letters, digits, '-' and '_', e.g. tasks or order-items",
        )
    names = parse_resource_name(resource or _singular_resource(feature))
    path = f"specs/features/{feature}.md"
    with Project.open(project, write=not dry_run, command=f"spec new {feature}") as opened:
        root = opened.root
        text = Renderer(root).render(
            "backend-scaffolder/feature.md.jinja",
            {
                "title": feature.replace("-", " ").replace("_", " ").capitalize(),
                "resource": names.class_name,
                "route": names.route,
                "path": path,
            },
        )
        # The spec is the team's from the start: not tracked as generated, never overwritten
        # without --force.
        change = classify(root, path, text, kind="generated", recorded_hash=None)
        plan = resolve_conflicts(Plan(root, [replace(change, kind="edited")]), force=force)
        outcome = Outcome(plan, dry_run=dry_run, next_steps=[f"scaffold slice --spec {path}"])
        if dry_run or plan.conflicts:
            return outcome
        outcome.written = opened.apply(plan)
        return outcome


def _singular_resource(feature: str) -> str:
    """`tasks` -> `Task`, `order-items` -> `OrderItem`: a feature's likely resource name."""
    from scaffold.model.naming import pascal_case, pluralize

    words = feature.replace("-", "_")
    if words.endswith("s") and pluralize(words[:-1]) == words:
        words = words[:-1]
    elif words.endswith("ies") and pluralize(words[:-3] + "y") == words:
        words = words[:-3] + "y"
    return pascal_case(words)


def crud(
    name: str,
    fields: list[str],
    *,
    project: Path | None = None,
    plural: str | None = None,
    tests: bool = True,
    migration: bool = True,
    soft_delete: bool = False,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Generate (or re-generate identically) a CRUD resource in a project."""
    from scaffold.engine.project import Project
    from scaffold.generators.crud import CrudOptions
    from scaffold.model.spec import parse_resource
    from scaffold.model.table_options import RawOptions

    spec = parse_resource(name, fields, plural)  # bad input fails before the project is read
    table = RawOptions(soft_delete=soft_delete)
    options = CrudOptions(tests=tests, migration=migration, table=table)
    command = f"crud {spec.names.class_name}"
    with Project.open(project, write=not dry_run, command=command) as opened:
        return _generate(opened, spec, options, dry_run=dry_run, force=force)


def model(
    name: str,
    fields: list[str],
    *,
    project: Path | None = None,
    plural: str | None = None,
    indexes: list[str] | None = None,
    uniques: list[str] | None = None,
    checks: list[str] | None = None,
    soft_delete: bool = False,
    many_to_many: list[str] | None = None,
    migration: bool = True,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Generate a table model and its schemas (no router, no endpoint tests) with its migration."""
    from scaffold.engine.project import Project
    from scaffold.generators.crud import CrudOptions
    from scaffold.model.spec import parse_resource
    from scaffold.model.table_options import RawOptions, parse_options

    spec = parse_resource(name, fields, plural)
    table = RawOptions(
        indexes=list(indexes or []),
        uniques=list(uniques or []),
        checks=list(checks or []),
        soft_delete=soft_delete,
        many_to_many=list(many_to_many or []),
    )
    parse_options(table, spec)  # bad options fail before the project is read
    options = CrudOptions(tests=False, migration=migration, router=False, table=table)
    command = f"model {spec.names.class_name}"
    with Project.open(project, write=not dry_run, command=command) as opened:
        return _generate(opened, spec, options, dry_run=dry_run, force=force)


def _generate(
    project: Project, spec: ResourceSpec, options: CrudOptions, *, dry_run: bool, force: bool
) -> Outcome:
    from scaffold.engine.writer import resolve_conflicts
    from scaffold.generators.crud import plan_crud

    plan = resolve_conflicts(plan_crud(project, spec, options), force=force)
    migration = options.migration
    steps = ["alembic upgrade head", "pytest"] if migration else ["pytest"]
    outcome = Outcome(plan, dry_run=dry_run, next_steps=steps)
    if dry_run or plan.conflicts:
        return outcome
    outcome.written = project.apply(plan)
    return outcome


def eject_templates(
    skill: str | None = None,
    files: list[str] | None = None,
    *,
    project: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Copy built-in generator templates into the project's `.scaffold/templates/`.

    All skills' templates, one skill's (`skill`), or some of its files (`files`). A copy that
    differs from the built-in is a conflict unless `force`.
    """
    from scaffold.engine.overrides import plan_eject
    from scaffold.engine.project import Project
    from scaffold.engine.writer import resolve_conflicts

    command = " ".join(["templates eject", *([skill] if skill else []), *(files or [])])
    with Project.open(project, write=not dry_run, command=command) as opened:
        plan = resolve_conflicts(plan_eject(opened.root, skill, files), force=force)
        steps = ["edit the copies you want to change, delete the others (they fall back)"]
        outcome = Outcome(plan, dry_run=dry_run, next_steps=steps)
        if dry_run or plan.conflicts:
            return outcome
        outcome.written = opened.apply(plan)
        return outcome


def compare_templates(skill: str | None = None, *, project: Path | None = None) -> Any:
    """How the project's template copies differ from the installed built-ins.

    Returns an `overrides.TemplatesReport` (typed `Any` here to keep this module light).
    """
    from scaffold.engine.overrides import compare
    from scaffold.engine.project import Project

    with Project.open(project, write=False, command="templates diff") as opened:
        return compare(opened.root, skill)


def upgrade(
    project: Path | None = None, *, dry_run: bool = False, template: Path | None = None
) -> Any:
    """Merge the project template's improvements into a project (`copier update`).

    A three-way merge of the template the project was made from (its recorded snapshot), the
    project, and the installed template (or `template`). Files with merge conflicts are written
    with both versions between conflict markers. Returns a `generators.upgrade.UpgradeOutcome`
    (typed `Any` here to keep this module light).
    """
    from scaffold.engine.project import Project
    from scaffold.generators.upgrade import UpgradeOutcome, ensure_committed, plan_upgrade

    with Project.open(project, write=not dry_run, command="upgrade") as opened:
        planned = plan_upgrade(opened.root, template_root=template)
        outcome = UpgradeOutcome(
            planned.plan,
            dry_run=dry_run,
            next_steps=["pytest"],
            from_version=planned.from_version,
            to_version=planned.to_version,
            merge_conflicts=planned.merge_conflicts,
        )
        if dry_run or planned.up_to_date:
            return outcome
        changed = [c.path for c in planned.plan.changes if c.status != "keep"]
        ensure_committed(opened.root, changed)
        planned.record(opened.manifest)
        outcome.written = opened.apply(planned.plan)
        return outcome


def destroy(
    name: str,
    *,
    project: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    keep_migration: bool = False,
) -> Outcome:
    """Remove what `crud` or `slice` generated for the resource `name`, and unregister it.

    Edited files are conflicts (nothing is removed) unless `force`; a migration the project's
    database has applied is kept, and the next steps name the command for a drop migration.
    """
    from scaffold.engine.project import Project
    from scaffold.engine.writer import resolve_conflicts
    from scaffold.generators.destroy import plan_destroy

    with Project.open(project, write=not dry_run, command=f"destroy {name}") as opened:
        planned = plan_destroy(opened, name, keep_migration=keep_migration)
        plan = resolve_conflicts(planned.plan, force=force)
        outcome = Outcome(plan, dry_run=dry_run, next_steps=planned.next_steps)
        if dry_run or plan.conflicts:
            return outcome
        outcome.written = opened.apply(plan)
        return outcome


def field_add(
    model: str,
    field_text: str,
    *,
    project: Path | None = None,
    backfill: str | None = None,
    migration: bool = True,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Add a field to a generated resource: model, schemas, router, tests and a migration.

    A required field needs a default (`name:int=0`) or `backfill`, an SQL expression that
    fills the rows the table already holds.
    """
    from scaffold.generators.field import FieldOptions, plan_field_add

    options = FieldOptions(migration=migration, backfill=backfill)
    return _change_field(
        lambda opened: plan_field_add(opened, model, field_text, options),
        project,
        f"field add {model} {field_text}",
        migration=migration,
        dry_run=dry_run,
        force=force,
    )


def field_rename(
    model: str,
    old: str,
    new: str,
    *,
    project: Path | None = None,
    migration: bool = True,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Rename a field of a generated resource; the migration renames the column (data stays)."""
    from scaffold.generators.field import FieldOptions, plan_field_rename

    options = FieldOptions(migration=migration)
    return _change_field(
        lambda opened: plan_field_rename(opened, model, old, new, options),
        project,
        f"field rename {model} {old} {new}",
        migration=migration,
        dry_run=dry_run,
        force=force,
    )


def field_remove(
    model: str,
    name: str,
    *,
    project: Path | None = None,
    allow_destructive: bool = False,
    migration: bool = True,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Remove a field of a generated resource; refused unless `allow_destructive`, since the
    migration drops the column and its data."""
    from scaffold.generators.field import FieldOptions, plan_field_remove

    options = FieldOptions(migration=migration, allow_destructive=allow_destructive)
    return _change_field(
        lambda opened: plan_field_remove(opened, model, name, options),
        project,
        f"field remove {model} {name}",
        migration=migration,
        dry_run=dry_run,
        force=force,
    )


def _change_field(
    planner: Callable[[Project], Plan],
    project: Path | None,
    command: str,
    *,
    migration: bool,
    dry_run: bool,
    force: bool,
) -> Outcome:
    from scaffold.engine.project import Project
    from scaffold.engine.writer import resolve_conflicts

    with Project.open(project, write=not dry_run, command=command) as opened:
        plan = resolve_conflicts(planner(opened), force=force)
        steps = ["alembic upgrade head", "pytest"] if migration else ["pytest"]
        outcome = Outcome(plan, dry_run=dry_run, next_steps=[] if plan.is_noop else steps)
        if dry_run or plan.conflicts or (plan.is_noop and not plan.manifest):
            return outcome
        outcome.written = opened.apply(plan)
        return outcome


def migrate_lint(
    project: Path | None = None, *, revision: str | None = None, since: str | None = None
) -> Any:
    """Lint migrations for operations that lock or break a live PostgreSQL table (ML1xx).

    `scaffold migrate lint`: every revision (or `revision`, or those after `since`) is rendered
    offline for PostgreSQL and checked; returns a `scaffold.migrate.lint.LintReport`.
    """
    from scaffold.migrate.lint import lint

    return lint(project, revision=revision, since=since)


def token(project: Path | None = None, *, user: str = "user-1", expires: str = "1h") -> Any:
    """A bearer token the project's app accepts (AUTH_MODE=jwt), for local use.

    Signed with the project's JWT_SECRET (the environment, then `.env`) and its JWT_ALGORITHM;
    `user` is its `sub`, `expires` its lifetime (`30s`, `15m`, `1h`, `7d`; at most 30 days).
    Returns a `tokens.IssuedToken` (typed `Any` here to keep this module light).
    """
    from scaffold.engine.project import Project
    from scaffold.tokens import issue_token

    with Project.open(project, write=False, command="token") as opened:
        return issue_token(opened.root, user=user, expires=expires)
