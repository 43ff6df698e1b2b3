"""`scaffold field add|rename|remove`: change one field of a generated resource.

The model and schema files are edited with libcst (the user's code and comments stay); the
router, service and tests are re-rendered from the new field list when they are untouched
(a conflict when the user edited them); a migration is rendered from the change.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scaffold.edits.text import TextStyle, read_source
from scaffold.engine.formatting import format_python
from scaffold.engine.manifest import Manifest
from scaffold.engine.migrations import VERSIONS_DIR, current_head
from scaffold.engine.plan import FileChange, Plan, Status, classify, content_hash
from scaffold.engine.project import Project
from scaffold.errors import ProjectError, SpecError
from scaffold.generators import field_migration as mig
from scaffold.model import codegen
from scaffold.model.catalog import Resource, ResourceCatalog
from scaffold.model.codegen import FieldView
from scaffold.model.naming import ResourceNames, is_identifier, pascal_case
from scaffold.model.spec import FieldSpec, ResourceSpec, parse_field, parse_resource
from scaffold.model.table_layout import Layout, field_layout, table_layout
from scaffold.model.table_options import parse_options


@dataclass(frozen=True)
class FieldOptions:
    migration: bool = True
    backfill: str | None = None  # SQL expression that fills the new column of existing rows
    allow_destructive: bool = False


@dataclass(frozen=True)
class _Resource:
    """The resource a field change starts from, in the project's catalog, with the field docs
    its feature spec holds today."""

    recorded: Resource
    catalog: ResourceCatalog
    descriptions: Mapping[str, str]

    @property
    def spec(self) -> ResourceSpec:
        return self.recorded.spec

    @property
    def names(self) -> ResourceNames:
        return self.recorded.names

    def field(self, name: str) -> FieldSpec | None:
        return self.recorded.field(name)

    def view(self, spec: FieldSpec) -> FieldView:
        return codegen.build(spec, self.names, None, self.descriptions.get(spec.column, ""))

    def layout_of(self, view: FieldView) -> Layout:
        """The indexes and constraints the table layout gives `view`'s column."""
        return field_layout(view, soft_delete=self.recorded.options.soft_delete)

    def history(self, change: str) -> list[Mapping[str, str]]:
        return [c for c in self.recorded.field_changes if c.get("change") == change]


# --- the three commands ----------------------------------------------------------------------


def plan_field_add(project: Project, model: str, text: str, options: FieldOptions) -> Plan:
    """Everything `scaffold field add MODEL FIELD` would write."""
    root, manifest = project.root, project.manifest
    resource = _load(project, model)
    spec = parse_field(text)
    existing = resource.field(spec.name) or resource.field(spec.column)
    if existing is not None:
        if existing.dsl == spec.dsl:
            return Plan(root)  # already there: nothing to do
        raise SpecError(
            f"{resource.names.class_name} already has a field {existing.name!r} "
            f"({existing.dsl}), not {spec.dsl}",
            "changing a field's type is not supported: add a field with another name "
            f"(or rename {existing.name} first)",
            code="field_exists",
        )
    _refuse_ref(spec, "add")
    table = resource.names.table
    backfill = options.backfill.strip() if options.backfill else None
    if options.backfill is not None and not backfill:
        raise SpecError("--backfill is empty", 'give an SQL expression, e.g. --backfill "0"')
    # Without a migration the user fills the rows themselves.
    if options.migration and backfill is None and not spec.optional:
        if spec.default is None:
            raise SpecError(
                f"{spec.dsl} is required, and {table} may already hold rows that have no "
                f"value for {spec.column}",
                f"give it a default for those rows ({spec.name}:...=VALUE), or fill them with "
                f'an SQL expression: --backfill "..."; or make it optional with ?',
                code="required_field",
            )
        if mig.server_default(spec) is None:
            raise SpecError(
                f"the default {spec.default} of {spec.dsl} is computed per row in Python, so "
                f"the rows {table} already holds cannot get it from the database",
                'fill them with an SQL expression, e.g. --backfill "CURRENT_TIMESTAMP", or '
                "make the field optional with ?",
                code="required_field",
            )
        if spec.unique:
            raise SpecError(
                f"{spec.dsl} is unique per owner, so one default for every existing row of "
                f"{table} would collide",
                "make it optional with ?, or pass --backfill with an expression that differs "
                "per row, e.g. --backfill \"'sku-' || id\"",
                code="required_field",
            )
    new_fields = [*resource.spec.fields, spec]
    new_spec = parse_resource(
        resource.names.class_name, [f.dsl for f in new_fields], resource.names.plural
    )
    view = resource.view(spec)
    objects, layout = resource.layout_of(view), _layout(resource, new_spec)

    from scaffold.edits import fields as edit

    def edit_model(source: str, path: str) -> str:
        return edit.add_model_field(source, path, resource.names, view, objects, layout)

    def edit_schemas(source: str, path: str) -> str:
        return edit.add_schema_field(source, path, resource.names, view)

    migration = None
    if options.migration:
        rev = _revision(root)
        migration = (
            f"{VERSIONS_DIR}/{rev.revision}_add_{spec.column}_to_{table}.py",
            mig.add_column(view, rev, backfill, mig.ColumnObjects(objects)),
        )
    change = {"change": "add", "field": spec.dsl}
    return _assemble(
        root, manifest, resource, new_spec, edit_model, edit_schemas, migration, change
    )


def plan_field_rename(
    project: Project, model: str, old_name: str, new_name: str, options: FieldOptions
) -> Plan:
    """Everything `scaffold field rename MODEL OLD NEW` would write."""
    root, manifest = project.root, project.manifest
    resource = _load(project, model)
    old = resource.field(old_name)
    if old is None:
        done = any(
            c.get("from") == old_name and resource.field(c.get("to", "")) is not None
            for c in resource.history("rename")
        )
        if done and resource.field(new_name) is not None:
            return Plan(root)  # renamed already
        raise _unknown_field(resource, old_name)
    _refuse_ref(old, "rename")
    _refuse_table_options(resource, old, "rename")
    if not is_identifier(new_name):
        raise SpecError(
            f"{new_name!r} is not a valid field name",
            "use a snake_case Python identifier, e.g. description",
        )
    if new_name == old.name:
        raise SpecError(f"{old_name!r} already has that name", "give a different new name")
    taken = resource.field(new_name)
    if taken is not None:
        raise SpecError(
            f"{resource.names.class_name} already has a field {taken.name!r}",
            "rename to a name no other field has (or remove that field first)",
            code="field_exists",
        )
    new = parse_field(replace(old, name=new_name).dsl)  # validates the name like crud does
    new_fields = [new if f is old else f for f in resource.spec.fields]
    new_spec = parse_resource(
        resource.names.class_name, [f.dsl for f in new_fields], resource.names.plural
    )
    old_view, new_view = resource.view(old), resource.view(new)

    from scaffold.edits import fields as edit

    layouts = resource.layout_of(old_view), resource.layout_of(new_view)

    def edit_model(source: str, path: str) -> str:
        return edit.rename_model_field(source, path, resource.names, old_view, new_view, layouts)

    def edit_schemas(source: str, path: str) -> str:
        return edit.rename_schema_field(source, path, resource.names, old_view, new_view)

    migration = None
    table = resource.names.table
    if options.migration:
        before = _declared(root, resource, old_view)
        # The new column gets what the old one had, under the names that follow the new name.
        after = mig.ColumnObjects(
            layouts[1].masked(layouts[0].present(before.keys)),
            f"ix_{table}_{new.column}" if before.objects.legacy_index else None,
        )
        rev = _revision(root)
        migration = (
            f"{VERSIONS_DIR}/{rev.revision}_rename_{table}_{old.column}_to_{new.column}.py",
            mig.rename_column(old_view, new_view, rev, before.objects, after),
        )
    change = {"change": "rename", "from": old.name, "to": new.name}
    return _assemble(
        root, manifest, resource, new_spec, edit_model, edit_schemas, migration, change
    )


def plan_field_remove(project: Project, model: str, name: str, options: FieldOptions) -> Plan:
    """Everything `scaffold field remove MODEL NAME --allow-destructive` would write."""
    root, manifest = project.root, project.manifest
    resource = _load(project, model)
    spec = resource.field(name)
    table = resource.names.table
    if spec is None:
        if any(c.get("field") == name for c in resource.history("remove")):
            return Plan(root)  # removed already
        raise _unknown_field(resource, name)
    _refuse_ref(spec, "remove")
    _refuse_table_options(resource, spec, "remove")
    if not options.allow_destructive:
        raise SpecError(
            f"removing {spec.name} drops the column {table}.{spec.column}: the data in it is "
            "lost for every row",
            "back up what you need, then pass --allow-destructive (or rename the field "
            "instead, which keeps the data)",
            code="destructive",
        )
    new_fields = [f for f in resource.spec.fields if f is not spec]
    if not new_fields:
        raise SpecError(
            f"{spec.name} is the last field of {resource.names.class_name}",
            f"add another field first, or remove the whole resource: scaffold destroy "
            f"{resource.names.class_name}",
            code="last_field",
        )
    new_spec = parse_resource(
        resource.names.class_name, [f.dsl for f in new_fields], resource.names.plural
    )
    view = resource.view(spec)

    from scaffold.edits import fields as edit

    objects = resource.layout_of(view)

    def edit_model(source: str, path: str) -> str:
        return edit.remove_model_field(source, path, resource.names, view, objects)

    def edit_schemas(source: str, path: str) -> str:
        return edit.remove_schema_field(source, path, resource.names, view)

    migration = None
    if options.migration:
        rev = _revision(root)
        migration = (
            f"{VERSIONS_DIR}/{rev.revision}_drop_{spec.column}_from_{table}.py",
            mig.drop_column(view, rev, _declared(root, resource, view).objects),
        )
    change = {"change": "remove", "field": spec.name}
    return _assemble(
        root, manifest, resource, new_spec, edit_model, edit_schemas, migration, change
    )


# --- shared ----------------------------------------------------------------------------------


def _load(project: Project, model: str) -> _Resource:
    root, catalog = project.root, project.resources
    example = pascal_case(model) if is_identifier(model) else "Model"
    recorded = catalog.require(
        model,
        lenient=True,
        hint=f"check the name, or generate it first: scaffold crud {example} 'name:str(120)'",
        code="unknown_model",
    )
    descriptions = _feature(root, recorded.feature).descriptions if recorded.feature else {}
    return _Resource(recorded, catalog, descriptions)


def _feature(root: Path, path: str) -> Any:
    from scaffold.model.feature import load_feature

    return load_feature(root / path, path)


def _unknown_field(resource: _Resource, name: str) -> SpecError:
    known = ", ".join(f.name for f in resource.spec.fields)
    return SpecError(
        f"{resource.names.class_name} has no field {name!r} (its fields: {known})",
        "check the spelling: scaffold field rename|remove MODEL FIELD",
        code="unknown_field",
    )


def _refuse_ref(spec: FieldSpec, verb: str) -> None:
    if spec.type == "ref":
        raise SpecError(
            f"`field {verb}` does not support ref fields ({spec.dsl}) yet",
            "change the foreign key, its index and the relationship by hand and run "
            "`alembic revision --autogenerate`",
            code="ref_not_supported",
        )


def _layout(resource: _Resource, spec: ResourceSpec) -> Layout:
    """The indexes and constraints of the table `spec` describes, with the resource's options."""
    options = parse_options(resource.recorded.raw_options, spec)
    views = [codegen.build(f, spec.names, None) for f in spec.fields]
    return table_layout(spec.names.table, views, options, soft_delete=options.soft_delete)


@dataclass(frozen=True)
class _Declared:
    keys: set[tuple[str, ...]]  # of the model's __table_args__ elements
    objects: mig.ColumnObjects  # the column's objects among them


def _declared(root: Path, resource: _Resource, view: FieldView) -> _Declared:
    """What the model declares today for `view`'s column: what its migration must drop (a
    model the user edited, or one generated before the table layout, may hold less)."""
    from scaffold.edits import fields as edit

    path = f"app/models/{resource.names.module}.py"
    keys, legacy = edit.declared_objects(_read(root, path), path, resource.names, view)
    layout = resource.layout_of(view)
    objects = mig.ColumnObjects(
        layout.masked(layout.present(keys)),
        f"ix_{resource.names.table}_{view.name}" if legacy else None,
    )
    return _Declared(keys, objects)


def _revision(root: Path) -> mig.Revision:
    head = current_head(root)  # refuses a missing alembic folder, or several heads
    return mig.Revision(
        revision=secrets.token_hex(6),
        down_revision=head,
        create_date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
    )


def _read(root: Path, path: str) -> str:
    """The text of a generated file the field change edits; a missing one is the user's fix."""
    target = root / path
    if not target.is_file():
        what = "is a folder, not a file" if target.is_dir() else "is missing"
        raise ProjectError(
            f"{path} {what}, so the field cannot be changed there",
            f"restore {path} from version control",
            code="broken_file",
        )
    return read_source(target, path)  # exactly: its line endings and BOM stay


def _edit(root: Path, path: str, transform: Any) -> tuple[str, str]:
    source = _read(root, path)
    return source, str(transform(source, path))


def _crud_options(root: Path, resource: Resource) -> Any:
    from scaffold.generators.crud import CrudOptions

    return CrudOptions(
        tests=resource.has_tests,
        migration=False,
        service=resource.has_service,
        feature=_feature(root, resource.feature) if resource.feature else None,
        router=resource.has_router,
        table=resource.raw_options,
    )


def _refuse_table_options(resource: _Resource, spec: FieldSpec, verb: str) -> None:
    """A column that composite indexes, unique constraints or checks use is not changed."""
    options = resource.recorded.options
    column = spec.column
    uses = [
        f"{kind} ({', '.join(cols)})"
        for kind, composite in (("indexes", options.indexes), ("uniques", options.uniques))
        for cols in composite
        if column in cols
    ]
    uses += [
        f"check {check.expression!r}"
        for check in options.checks
        if re.search(rf"\b{re.escape(column)}\b", check.expression)
    ]
    if uses:
        raise SpecError(
            f"`field {verb}` cannot change {column}: the table options use it ({'; '.join(uses)})",
            "change the table options and the field by hand, then run "
            "`alembic revision --autogenerate`",
            code="field_in_use",
        )


def _rerendered(
    root: Path, resource: Resource, manifest: Manifest, catalog: ResourceCatalog
) -> dict[str, str]:
    """What crud renders for `resource` in `catalog` today: router, service and tests (not
    model/schemas)."""
    from scaffold.generators.crud import plan_crud

    options = _crud_options(root, resource)
    plan = plan_crud(Project(root, manifest), resource.spec, options, catalog)
    module = resource.names.module
    owned = {
        f"app/api/{module}.py",
        f"app/services/{module}.py",
        f"tests/test_{module}.py",
        f"tests/test_{module}_service.py",
    }
    return {c.path: c.new for c in plan.changes if c.path in owned and c.new is not None}


def _follow_descriptions(entry: dict[str, Any], change: dict[str, str]) -> None:
    """Keep a slice's recorded field descriptions in step with a rename or a removal."""
    descriptions = dict(entry.get("descriptions", {}))
    if change["change"] == "rename" and change["from"] in descriptions:
        descriptions[change["to"]] = descriptions.pop(change["from"])
    elif change["change"] == "remove":
        descriptions.pop(change["field"], None)
    if descriptions:
        entry["descriptions"] = descriptions
    else:
        entry.pop("descriptions", None)


def _assemble(
    root: Path,
    manifest: Manifest,
    resource: _Resource,
    new_spec: ResourceSpec,
    model: Any,
    schemas: Any,
    migration: tuple[str, str] | None,
    change: dict[str, str],
) -> Plan:
    names = resource.names
    class_name = names.class_name
    generator = resource.recorded.generator
    model_path, schema_path = f"app/models/{names.module}.py", f"app/schemas/{names.module}.py"
    edited = {
        path: _edit(root, path, t) for path, t in ((model_path, model), (schema_path, schemas))
    }
    sources = {path: new for path, (_, new) in edited.items()}
    if migration is not None:
        sources[migration[0]] = migration[1]
    formatted = format_python(sources, root)

    changes: list[FileChange] = []
    for path, (old, _) in edited.items():
        new = TextStyle.of(old).apply(formatted[path])  # ruff made it LF and dropped a BOM
        untouched = content_hash(old) == manifest.file_hash(path)
        status: Status = "identical" if new == old else "update"
        # A file the user edited stays theirs: its recorded hash is not moved to the new text.
        changes.append(FileChange(path, old, new, status, "generated" if untouched else "edited"))

    entry = {**resource.recorded.record, "fields": new_spec.field_dsl}
    _follow_descriptions(entry, change)
    if migration is not None:
        change = {**change, "migration": migration[0]}
    entry["field_changes"] = [*map(dict, resource.recorded.field_changes), change]
    changed = Resource.of(new_spec, resource.recorded.options, entry)
    updated = resource.catalog.with_resource(changed)
    rendered = _rerendered(root, changed, manifest, updated)
    # Resources whose generated tests create this one re-render those tests.
    for dependent in map(updated.require, resource.catalog.dependents(class_name)):
        module = dependent.names.module
        tests = {f"tests/test_{module}.py", f"tests/test_{module}_service.py"}
        rendered.update(
            {p: t for p, t in _rerendered(root, dependent, manifest, updated).items() if p in tests}
        )
    for path, text in rendered.items():
        changes.append(
            classify(root, path, text, kind="generated", recorded_hash=manifest.file_hash(path))
        )
    if migration is not None:
        path = migration[0]
        # Its status line says what the migration acknowledges as unsafe, and why.
        migration_change = classify(
            root, path, formatted[path], kind="generated", recorded_hash=None
        )
        changes.append(mig.with_caution(migration_change))

    plan = Plan(root, changes)
    meta = {c.path: {"generator": generator, "resource": class_name} for c in changes}
    for c in changes:
        owner = manifest.files.get(c.path, {})
        if owner.get("resource") and owner.get("resource") != class_name:
            meta[c.path] = manifest.file_meta(c.path)
    plan.manifest.file_meta = meta
    # The create-table migration stays as it was: `crud` does not re-render it once a field
    # migration follows it (`field_changes` in the entry).
    plan.manifest.resources[class_name] = entry
    return plan
