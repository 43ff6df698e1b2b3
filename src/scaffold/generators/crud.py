"""crud-builder: model, schemas, router, tests and migration of one user-owned resource."""

from __future__ import annotations

import importlib
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scaffold.engine.formatting import format_python
from scaffold.engine.migrations import VERSIONS_DIR, current_head
from scaffold.engine.plan import FileChange, Plan, classify
from scaffold.engine.project import Project
from scaffold.engine.render import Renderer
from scaffold.errors import ProjectError, SpecError
from scaffold.model import clashes, codegen, prose
from scaffold.model.catalog import MODEL_GENERATOR, Resource, ResourceCatalog
from scaffold.model.codegen import FieldView
from scaffold.model.feature import FeatureSpec
from scaffold.model.naming import ResourceNames
from scaffold.model.spec import ResourceSpec
from scaffold.model.table_options import RawOptions, TableOptions, parse_options

SKILL = "crud-builder"
SLICE_SKILL = "backend-scaffolder"
LIST_ROWS = 3  # rows the generated list and pagination tests create
_USES_N = re.compile(r"\bn\b")


@dataclass(frozen=True)
class CrudOptions:
    tests: bool = True
    migration: bool = True
    # slice: a service module (with its own tests) holds the queries; the router calls it.
    service: bool = False
    feature: FeatureSpec | None = None  # slice: the spec whose prose goes into the docs
    router: bool = True  # model: no router and no endpoint tests
    table: RawOptions = field(default_factory=RawOptions)


def plan_crud(
    project: Project,
    spec: ResourceSpec,
    options: CrudOptions,
    resources: ResourceCatalog | None = None,
) -> Plan:
    """Everything `scaffold crud` would write for `spec` in `project`.

    `resources` is the project's catalog as a caller has changed it (`scaffold field`
    re-renders against the changed resource); by default the project's.
    """
    root, manifest = project.root, project.manifest
    # libcst takes longer to import than the rest of the command; let it load while the
    # templates render and ruff formats them (ruff runs in a subprocess, freeing the GIL).
    threading.Thread(target=importlib.import_module, args=("libcst",), daemon=True).start()
    if not spec.fields:
        raise SpecError(
            f"{spec.names.class_name} has no fields",
            f"list at least one, e.g. scaffold crud {spec.names.class_name} 'name:str(120)'",
            code="no_fields",
        )
    if resources is None:
        resources = project.resources
    r = spec.names
    recorded = resources.get(r.class_name)
    table = parse_options(options.table, spec)
    _check_unchanged(spec, table, recorded)
    _check_referenced(spec, table, resources)
    descriptions = dict(options.feature.descriptions) if options.feature else {}
    migration = _migration_info(root, spec, recorded) if options.migration else None
    generator = (
        MODEL_GENERATOR if not options.router else (SLICE_SKILL if options.service else SKILL)
    )
    outputs = {
        f"app/models/{r.module}.py": "model.py.jinja",
        f"app/schemas/{r.module}.py": "schemas.py.jinja",
    }
    if options.router:
        outputs[f"app/api/{r.module}.py"] = "router.py.jinja"
    if options.service:
        outputs[f"app/services/{r.module}.py"] = f"{SLICE_SKILL}/service.py.jinja"
    if options.tests and options.router:
        outputs[f"tests/test_{r.module}.py"] = "test.py.jinja"
        if options.service:
            outputs[f"tests/test_{r.module}_service.py"] = f"{SLICE_SKILL}/service_test.py.jinja"
    entry: dict[str, Any] = {
        "generator": generator,
        **({"spec": options.feature.path} if options.feature else {}),
        "fields": spec.field_dsl,
        "plural": r.plural,
        **({"options": table.as_manifest()} if table.as_manifest() else {}),
        # Kept so that re-rendering this model for a related one keeps its field docs.
        **({"descriptions": descriptions} if descriptions else {}),
    }
    planned = Resource.of(spec, table, {**entry, "files": sorted(outputs)})
    after = resources.with_resource(planned)
    if recorded is None:  # a re-run (the same spec, see _check_unchanged) takes nothing new
        clashes.check_new(after, r.class_name)
    views = _views(spec, after, descriptions)
    context = _context(spec, views, after, migration)
    context.update(_table_context(spec, views, table, after))
    context["service"] = options.service
    context["docs"] = _docs(spec, options.feature)

    renderer = Renderer(root)
    # After `scaffold field ...` the create migration is history: later migrations change the
    # table, so it is kept as it is rather than re-rendered from the new field list.
    frozen_migration = bool(recorded and recorded.field_changes)
    if migration is not None and not frozen_migration:
        outputs[migration["path"]] = "migration.py.jinja"
    rendered = {
        path: renderer.render(template if "/" in template else f"{SKILL}/{template}", context)
        for path, template in outputs.items()
    }
    # The models on the other side of each relationship gain (or keep) their side of it.
    related = {
        path: (name, code)
        for name in sorted(after.related(r.class_name))
        for path, code in [render_model_file(after.require(name), after, renderer)]
    }
    formatted = format_python(
        {**rendered, **{path: code for path, (_, code) in related.items()}}, root
    )

    changes = [
        classify(root, path, code, kind="generated", recorded_hash=manifest.file_hash(path))
        for path, code in formatted.items()
    ]
    changes += _registrations(root, r, router=options.router)
    plan = Plan(root, changes)
    plan.manifest.file_meta = {
        path: {"generator": generator, "resource": r.class_name}
        for path in formatted
        if path not in related
    }
    for path, (name, _) in related.items():
        plan.manifest.file_meta[path] = {**manifest.file_meta(path), "resource": name}
    files = {p for p in formatted if p not in related}
    if migration is not None and frozen_migration:
        files.add(migration["path"])
    plan.manifest.resources[r.class_name] = {
        **entry,
        "files": sorted(files),
        **({"migration": migration} if migration else {}),
        **(
            {"field_changes": [dict(c) for c in recorded.field_changes]}
            if frozen_migration and recorded
            else {}
        ),
    }
    return plan


def render_model_file(
    resource: Resource, resources: ResourceCatalog, renderer: Renderer
) -> tuple[str, str]:
    """Render a recorded resource's model file as `resources` relate it to the others."""
    spec = resource.spec
    views = _views(spec, resources, resource.descriptions)
    context = _context(spec, views, resources, None)
    context.update(_table_context(spec, views, resource.options, resources))
    context["docs"] = _docs(spec, None)
    context["service"] = False
    path = f"app/models/{spec.names.module}.py"
    return path, renderer.render(f"{SKILL}/model.py.jinja", context)


def _views(
    spec: ResourceSpec, resources: ResourceCatalog, descriptions: Mapping[str, str]
) -> list[FieldView]:
    """The fields as the templates see them; refs named as the catalog records them."""
    return [
        codegen.build(
            f,
            spec.names,
            resources.names_of(f.ref) if f.ref else None,
            descriptions.get(f.column, ""),
        )
        for f in spec.fields
    ]


def _table_context(
    spec: ResourceSpec,
    views: list[FieldView],
    table: TableOptions,
    resources: ResourceCatalog,
) -> dict[str, Any]:
    """What the model and migration templates need beyond the fields: the table's indexes and
    constraints (one layout for both, see scaffold.model.table_layout) and its relationships."""
    from scaffold.model.table_layout import table_layout

    layout = table_layout(spec.names.table, views, table, soft_delete=table.soft_delete)
    rel = resources.relationships(spec.names.class_name)
    return {
        "table_args": [arg.code for arg in layout.model_args],
        "table_constraints": layout.migration_constraints,
        "indexes": list(layout.indexes),
        "soft_delete": table.soft_delete,
        "rel": rel,
        "ref_modules": {p.class_name: p.module for p in rel.parents},
        "ref_soft_delete": {other.class_name: other.options.soft_delete for other in resources},
    }


def _check_unchanged(spec: ResourceSpec, table: TableOptions, recorded: Resource | None) -> None:
    if recorded is None:
        return
    if (
        recorded.spec.field_dsl == spec.field_dsl
        and recorded.names.plural == spec.names.plural
        and recorded.options.as_manifest() == table.as_manifest()
    ):
        return
    before = " ".join(recorded.spec.field_dsl)
    raise SpecError(
        f"{spec.names.class_name} already exists with other fields or options ({before})",
        "change one field at a time with `scaffold field add|rename|remove "
        f"{spec.names.class_name} ...`, which also writes the migration",
        code="resource_exists",
    )


def _check_referenced(spec: ResourceSpec, table: TableOptions, resources: ResourceCatalog) -> None:
    """Every resource `spec` refers to (ref fields, --many-to-many) must exist already."""
    others = [(f"ref({f.ref})", f.ref) for f in spec.refs if f.ref]
    others += [(f"--many-to-many {name}", name) for name in table.many_to_many]
    for what, name in others:
        resources.require(
            name,
            context=f"{what}: ",
            hint=f"generate it first: scaffold crud {name} 'name:str(120)'",
            code="unknown_ref",
        )


def _migration_info(root: Path, spec: ResourceSpec, recorded: Resource | None) -> dict[str, Any]:
    # A re-run reuses the recorded revision, so that it renders the identical file.
    if recorded and recorded.migration:
        return dict(recorded.migration)
    revision = secrets.token_hex(6)
    return {
        "path": f"{VERSIONS_DIR}/{revision}_create_{spec.names.table}_table.py",
        "revision": revision,
        "down_revision": current_head(root),
        "create_date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }


def _ref_helpers(spec: ResourceSpec, resources: ResourceCatalog) -> list[dict[str, Any]]:
    """Test helpers that create each resource the tests must reference, ancestors included."""
    helpers: dict[str, dict[str, Any]] = {}
    pending = [f.ref for f in spec.refs if f.ref]
    while pending:
        class_name = pending.pop()
        if class_name in helpers:
            continue
        parent = resources.require(class_name)
        names = parent.names
        required = [
            codegen.build(f, names, resources.names_of(f.ref) if f.ref else None)
            for f in parent.fields
            if f.required
        ]
        helpers[class_name] = {
            "class_name": names.class_name,
            "module": names.module,
            "route": names.route,
            "title": names.title,
            "a_title": names.a_title,
            "parents": [(f"{v.spec.name}_id", v.ref.module) for v in required if v.ref is not None],
            "payload": [(v.name, v.sample) for v in required],
            # Whether a sample needs the row number `n` (unique values, ...).
            "numbered": any(_USES_N.search(v.sample) for v in required),
        }
        pending += [v.spec.ref for v in required if v.spec.ref]
    return [helpers[name] for name in sorted(helpers)]


def _context(
    spec: ResourceSpec,
    views: list[FieldView],
    resources: ResourceCatalog,
    migration: dict[str, Any] | None,
) -> dict[str, Any]:
    refs = [v for v in views if v.ref is not None]
    unique = [v for v in views if v.spec.unique]
    enums = [
        {"name": v.enum_class, "members": codegen.enum_members(v.spec)}
        for v in views
        if v.enum_class
    ]
    non_refs = [v for v in views if v.ref is None]
    list_rows = LIST_ROWS
    for v in unique:
        if v.spec.type == "enum":
            list_rows = min(list_rows, len(v.spec.choices))
    unique_names = ", ".join(v.name for v in unique)
    searchable = [v for v in views if v.searchable]
    patch_field = (non_refs or views)[0]
    search_text = f"Search {', '.join(v.name for v in searchable)} (case-insensitive)"
    return {
        "r": spec.names,
        "fields": views,
        "refs": refs,
        "unique": unique,
        "enums": enums,
        "required": [v for v in views if v.required],
        "not_null": [v for v in views if not v.optional],
        "wrong_fields": [v for v in views if v.wrong_value is not None],
        "filters": [v for v in views if v.filterable],
        "searchable": searchable,
        "search_description": codegen.long_string(search_text),
        "patch_field": patch_field,
        # Whether the PATCH test's value needs the row number `n` (else no unused `n = 0`).
        "patch_uses_n": bool(_USES_N.search(patch_field.updated_sample)),
        "decimal_fields": sorted(v.name for v in views if v.compare == "decimal"),
        "datetime_fields": sorted(v.name for v in views if v.compare == "datetime"),
        "float_fields": sorted(v.name for v in views if v.compare == "float"),
        "list_rows": list_rows,
        "ref_helpers": _ref_helpers(spec, resources),
        "conflict_message": codegen.adjacent_literals(
            f"Another {spec.names.title.lower()} of yours has the same {unique_names}"
            if unique
            else f"{spec.names.title} conflicts with existing data"
        ),
        "revision": migration["revision"] if migration else "",
        "down_revision": migration["down_revision"] if migration else None,
        "create_date": migration["create_date"] if migration else "",
    }


def _docs(spec: ResourceSpec, feature: FeatureSpec | None) -> dict[str, Any]:
    """What the generated docstrings and OpenAPI texts say, from the feature spec if any."""
    if feature is None:
        return {
            "title": spec.names.title_plural,
            "path": "",
            "description": "",
            "long_description": "",
            "endpoints": [],
            "rules": [],
            "criteria": [],
        }
    # The OpenAPI text states only what the API enforces: prose business rules go into the
    # service's docstring, where their logic is written, not into a promise to API clients.
    long_description = feature.description
    return {
        "title": feature.title,
        "path": feature.path,
        "description": feature.description,
        "description_text": prose.paragraphs(feature.description),
        "long_description": long_description,
        "long_description_literal": prose.string_literal_lines(long_description),
        "endpoints": list(feature.endpoints),
        "endpoints_text": prose.bullets(feature.endpoints),
        "rules": list(feature.rules),
        "rules_text": prose.bullets(feature.rules),
        "criteria": list(feature.criteria),
        "criteria_text": prose.bullets(feature.criteria),
    }


def _registrations(root: Path, names: ResourceNames, *, router: bool = True) -> list[FileChange]:
    """The edits of files the user owns: the router in main.py, the model in models/__init__."""
    from scaffold.edits.main_router import MAIN_PATH, register_router
    from scaffold.edits.models_registry import MODELS_INIT, register_model
    from scaffold.edits.text import read_source

    changes = []
    for path in (MAIN_PATH, MODELS_INIT) if router else (MODELS_INIT,):
        target = root / path
        if not target.is_file():
            raise ProjectError(
                f"{path} is missing, so {names.class_name} cannot be registered",
                f"restore {path} from version control (or from a fresh `scaffold new`)",
                code="broken_file",
            )
        source = read_source(target, path)  # exactly: its line endings and BOM stay
        edited = (
            register_router(source, names.module)
            if path == MAIN_PATH
            else register_model(source, names.module, names.class_name)
        )
        changes.append(classify(root, path, edited, kind="edited", recorded_hash=None))
    return changes
