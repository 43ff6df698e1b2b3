"""Names a new resource may not take: another resource's route, table, files or relationship
attributes, or what the generated project itself already uses.

Checked when a resource is planned (crud, model, slice) against the catalog with it added, so
that a clash is one line naming it and the fix, before anything is rendered or written.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.errors import SpecError
from scaffold.model.catalog import Resource, ResourceCatalog
from scaffold.model.naming import ResourceNames
from scaffold.model.spec import RESERVED_FIELDS

# What the project template (templates/project) serves and holds;
# tests/cli/test_collisions.py keeps these in step with it.
BUILTIN_ROUTES = {
    "health": "the project's health check",
    "me": "the project's current-user endpoint",
    "docs": "the project's API docs",
    # A router module's name is its namespace too: /api/users belongs with the user (auth)
    # endpoints app/api/users.py serves, and its OpenAPI tag would be theirs.
    "users": "the namespace of the project's user endpoints (app/api/users.py)",
}
BUILTIN_TABLES = {"alembic_version": "Alembic's revision table"}
BUILTIN_FILES = frozenset(
    {
        "app/api/health.py",
        "app/api/users.py",
        "app/models/base.py",
        "tests/test_auth.py",
        "tests/test_health.py",
        "tests/test_settings.py",
        "tests/test_timestamps.py",
    }
)
API_PREFIX = "/api"
CODE = "name_clash"


def check_new(catalog: ResourceCatalog, class_name: str) -> None:
    """Refuse the resource `class_name`, just added to `catalog` (see `with_resource`), if a
    name it would take is taken.

    Raises:
        SpecError: the first clash, naming what holds the name and the fix.
    """
    resource = catalog.require(class_name)
    others = [r for r in catalog if r.class_name != class_name]
    _check_route(resource.names, others)
    _check_tables(resource.names, others, catalog)
    _check_files(resource, others)
    _check_attributes(resource.names, catalog)


def _check_route(names: ResourceNames, others: list[Resource]) -> None:
    """A plural names the routes and the relationship attributes: one resource's only."""
    route = f"{API_PREFIX}/{names.route}"
    holder = next((o for o in others if o.names.route == names.route), None)
    if holder is not None:
        problem = f"is {holder.class_name}'s already (its routes {route}, its relationships)"
    elif names.route in BUILTIN_ROUTES:
        problem = f"gives it the route {route}, which is {BUILTIN_ROUTES[names.route]}"
    else:
        return
    taken = {*BUILTIN_ROUTES, *(o.names.route for o in others)}
    candidates = (ResourceNames.derive(names.module).plural, f"{names.module}_items")
    suggestion = next(
        (p for p in candidates if p.replace("_", "-") not in taken and p != names.plural),
        f"{names.module}_entries",
    )
    raise SpecError(
        f"{names.class_name}'s plural {names.plural!r} {problem}",
        f"give {names.class_name} a plural of its own: --plural {suggestion}",
        code=CODE,
    )


def _check_tables(names: ResourceNames, others: list[Resource], after: ResourceCatalog) -> None:
    tables = {o.names.table: f"{o.class_name}'s table" for o in others}
    tables.update(BUILTIN_TABLES)
    mine = {link.table for link in after.links if link.owner.class_name == names.class_name}
    for link in after.links:
        if link.owner.class_name != names.class_name:
            tables[link.table] = (
                f"the link table of {link.owner.class_name} and {link.other.class_name}"
            )
    for table in sorted({names.table} | mine):
        if table in tables:
            what = "its table" if table == names.table else "its link table"
            raise SpecError(
                f"{names.class_name}'s name gives {what} {table!r}, which is {tables[table]}",
                f"choose another name for {names.class_name}, e.g. {_renamed(names)}",
                code=CODE,
            )


def _check_files(resource: Resource, others: list[Resource]) -> None:
    owners = {path: "the project's own" for path in BUILTIN_FILES}
    for other in others:
        owners.update({path: f"{other.class_name}'s" for path in other.files})
    for path in sorted(resource.files):
        if path in owners:
            raise SpecError(
                f"{resource.class_name} would write {path}, which is {owners[path]}",
                f"choose another name for {resource.class_name}, e.g. {_renamed(resource.names)}",
                code=CODE,
            )


def _check_attributes(names: ResourceNames, after: ResourceCatalog) -> None:
    """No model related to the new one may get two attributes of one name."""
    for model in sorted({names.class_name} | after.related(names.class_name)):
        seen: dict[str, str] = {}
        for attr, origin, involves_new in _attributes(after, model, names.class_name):
            if attr in seen and (involves_new or model == names.class_name):
                raise SpecError(
                    f"{model} would have two attributes named {attr!r} ({seen[attr]} and {origin})",
                    f"give {names.class_name} another --plural, or rename the field",
                    code=CODE,
                )
            seen.setdefault(attr, origin)


def _attributes(catalog: ResourceCatalog, model: str, new: str) -> Iterator[tuple[str, str, bool]]:
    """(attribute, what declares it, whether the new resource does) of `model`'s table class."""
    resource = catalog.get(model)
    if resource is None:
        return
    for column in sorted(RESERVED_FIELDS):
        yield column, "a built-in column", False
    if resource.options.soft_delete:
        yield "deleted_at", "soft delete's column", False
    for spec in resource.fields:
        yield spec.column, f"the field {spec.dsl}", model == new
    rel = catalog.relationships(model)
    for rel_attr, class_name in (
        *((p.attr, p.class_name) for p in rel.parents),
        *((c.attr, c.class_name) for c in rel.children),
        *((m.attr, m.class_name) for m in rel.linked),
    ):
        yield rel_attr, f"the relationship with {class_name}", new in {model, class_name}


def _renamed(names: ResourceNames) -> str:
    return f"{names.class_name}Item"
