"""The library surface: what the CLI (and tests, and other tools) call.

Each function validates its input, builds a plan, and applies it unless asked for a dry run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.engine.manifest import Manifest
from scaffold.engine.outcome import Outcome

if TYPE_CHECKING:
    from scaffold.generators.crud import CrudOptions
    from scaffold.model.spec import ResourceSpec


def new_project(
    path: Path,
    *,
    name: str | None = None,
    description: str | None = None,
    template: Path | None = None,
) -> list[str]:
    """Create a project at `path`; return the files written.

    `template` replaces the bundled project template (a copier template folder).
    """
    from scaffold.generators.project import render_project

    return render_project(
        path.resolve(), name or path.resolve().name, description, template_root=template
    )


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
    from scaffold.engine.project import find_project
    from scaffold.generators.crud import CrudOptions
    from scaffold.model.feature import load_feature

    root = find_project(project)
    path = spec_path if spec_path.is_absolute() else Path.cwd() / spec_path
    try:
        shown = path.resolve().relative_to(root).as_posix()
    except ValueError:
        shown = str(spec_path)
    feature = load_feature(path, shown)
    from scaffold.model.table_options import RawOptions

    options = CrudOptions(
        tests=tests,
        migration=migration,
        service=True,
        feature=feature,
        table=RawOptions(soft_delete=soft_delete),
    )
    return _generate(root, feature.resource, options, dry_run=dry_run, force=force)


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
    from scaffold.engine.project import find_project
    from scaffold.engine.render import Renderer
    from scaffold.engine.writer import apply, resolve_conflicts
    from scaffold.errors import SpecError
    from scaffold.model.spec import parse_resource_name

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", feature):
        raise SpecError(
            f"{feature!r} is not a feature name",
            "use lowercase letters, digits, '-' and '_', e.g. tasks or order-items",
        )
    names = parse_resource_name(resource or _singular_resource(feature))
    root = find_project(project)
    path = f"specs/features/{feature}.md"
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
    outcome.written = apply(plan, Manifest.load(root))
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
    from scaffold.engine.project import find_project
    from scaffold.generators.crud import CrudOptions
    from scaffold.model.spec import parse_resource
    from scaffold.model.table_options import RawOptions

    spec = parse_resource(name, fields, plural)  # bad input fails before the project is read
    root = find_project(project)
    table = RawOptions(soft_delete=soft_delete)
    options = CrudOptions(tests=tests, migration=migration, table=table)
    return _generate(root, spec, options, dry_run=dry_run, force=force)


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
    from scaffold.engine.project import find_project
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
    root = find_project(project)
    options = CrudOptions(tests=False, migration=migration, router=False, table=table)
    return _generate(root, spec, options, dry_run=dry_run, force=force)


def _generate(
    root: Path, spec: ResourceSpec, options: CrudOptions, *, dry_run: bool, force: bool
) -> Outcome:
    from scaffold.engine.manifest import Manifest
    from scaffold.engine.writer import apply, resolve_conflicts
    from scaffold.generators.crud import plan_crud

    manifest = Manifest.load(root)
    plan = resolve_conflicts(plan_crud(root, spec, options, manifest), force=force)
    migration = options.migration
    steps = ["alembic upgrade head", "pytest"] if migration else ["pytest"]
    outcome = Outcome(plan, dry_run=dry_run, next_steps=steps)
    if dry_run or plan.conflicts:
        return outcome
    outcome.written = apply(plan, manifest)
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
    from scaffold.engine.manifest import Manifest
    from scaffold.engine.overrides import plan_eject
    from scaffold.engine.project import find_project
    from scaffold.engine.writer import apply, resolve_conflicts

    root = find_project(project)
    manifest = Manifest.load(root)
    plan = resolve_conflicts(plan_eject(root, skill, files), force=force)
    steps = ["edit the copies you want to change, delete the others (they fall back)"]
    outcome = Outcome(plan, dry_run=dry_run, next_steps=steps)
    if dry_run or plan.conflicts:
        return outcome
    outcome.written = apply(plan, manifest)
    return outcome


def compare_templates(skill: str | None = None, *, project: Path | None = None) -> Any:
    """How the project's template copies differ from the installed built-ins.

    Returns an `overrides.TemplatesReport` (typed `Any` here to keep this module light).
    """
    from scaffold.engine.overrides import compare
    from scaffold.engine.project import find_project

    return compare(find_project(project), skill)


def upgrade(
    project: Path | None = None, *, dry_run: bool = False, template: Path | None = None
) -> Any:
    """Merge the project template's improvements into a project (`copier update`).

    A three-way merge of the template the project was made from (its recorded snapshot), the
    project, and the installed template (or `template`). Files with merge conflicts are written
    with both versions between conflict markers. Returns a `generators.upgrade.UpgradeOutcome`
    (typed `Any` here to keep this module light).
    """
    from scaffold.engine.manifest import Manifest
    from scaffold.engine.project import find_project
    from scaffold.engine.writer import apply
    from scaffold.generators.upgrade import UpgradeOutcome, ensure_committed, plan_upgrade

    root = find_project(project)
    manifest = Manifest.load(root)
    planned = plan_upgrade(root, template_root=template)
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
    ensure_committed(root, [c.path for c in planned.plan.changes if c.status != "keep"])
    planned.record(manifest)
    outcome.written = apply(planned.plan, manifest)
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
    from scaffold.engine.manifest import Manifest
    from scaffold.engine.project import find_project
    from scaffold.engine.writer import apply, resolve_conflicts
    from scaffold.generators.destroy import plan_destroy

    root = find_project(project)
    manifest = Manifest.load(root)
    planned = plan_destroy(root, name, manifest, keep_migration=keep_migration)
    plan = resolve_conflicts(planned.plan, force=force)
    outcome = Outcome(plan, dry_run=dry_run, next_steps=planned.next_steps)
    if dry_run or plan.conflicts:
        return outcome
    outcome.written = apply(plan, manifest)
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
        lambda root, manifest: plan_field_add(root, model, field_text, manifest, options),
        project,
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
        lambda root, manifest: plan_field_rename(root, model, old, new, manifest, options),
        project,
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
        lambda root, manifest: plan_field_remove(root, model, name, manifest, options),
        project,
        migration=migration,
        dry_run=dry_run,
        force=force,
    )


def _change_field(
    planner: Any, project: Path | None, *, migration: bool, dry_run: bool, force: bool
) -> Outcome:
    from scaffold.engine.manifest import Manifest
    from scaffold.engine.project import find_project
    from scaffold.engine.writer import apply, resolve_conflicts

    root = find_project(project)
    manifest = Manifest.load(root)
    plan = resolve_conflicts(planner(root, manifest), force=force)
    steps = ["alembic upgrade head", "pytest"] if migration else ["pytest"]
    outcome = Outcome(plan, dry_run=dry_run, next_steps=[] if plan.is_noop else steps)
    if dry_run or plan.conflicts or (plan.is_noop and not plan.manifest):
        return outcome
    outcome.written = apply(plan, manifest)
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
    from scaffold.engine.project import find_project
    from scaffold.tokens import issue_token

    return issue_token(find_project(project), user=user, expires=expires)
