"""Both sides of every relationship, derived from the manifest's resources.

A ref field (`author:ref(Author)` on Book) gives Book `author` and Author `books`; a
`--many-to-many Tag` on Post gives a link table and `Post.tags` / `Tag.posts`. Each model file
is rendered from the whole set of resources, so generating, re-generating or destroying any
one of them leaves every related model consistent.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scaffold.model.naming import ResourceNames
from scaffold.model.spec import parse_field
from scaffold.model.table_layout import Index


def names_of(resources: dict[str, dict[str, Any]], class_name: str) -> ResourceNames:
    """The names of a resource recorded in the manifest (its plural may be irregular)."""
    return ResourceNames.derive(class_name, resources.get(class_name, {}).get("plural"))


def link_names(owner: ResourceNames, other: ResourceNames) -> tuple[str, str]:
    """Class and table of the link model of `owner --many-to-many other` (in owner's module)."""
    return f"{owner.class_name}{other.class_name}Link", f"{owner.table}_{other.table}_link"


def _refs(entry: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field name, column, referenced class) of each ref field of a manifest entry."""
    out = []
    for text in entry.get("fields", []):
        field = parse_field(text)
        if field.type == "ref" and field.ref:
            out.append((field.name, field.column, field.ref))
    return out


def reverse_name(child: ResourceNames, field_name: str, same_parent_refs: int) -> str:
    """The parent-side attribute: `books`, or `author_books` when Book refs it twice."""
    return child.plural if same_parent_refs == 1 else f"{field_name}_{child.plural}"


def relationships(class_name: str, resources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The relationship attributes, imports and link models of `class_name`'s model file."""
    me = names_of(resources, class_name)
    entry = resources.get(class_name, {})
    parents = []  # this model's refs: the many-to-one side
    counts = Counter(ref for _, _, ref in _refs(entry))
    for field_name, column, ref in _refs(entry):
        parents.append(
            {
                "attr": field_name,
                "class_name": ref,
                "back_populates": reverse_name(me, field_name, counts[ref]),
                "foreign_keys": f"[{class_name}.{column}]",
            }
        )
    children = []  # other models' refs to this one: the one-to-many side
    type_only: dict[str, str] = {}  # class -> module, imported for annotations only
    for other, other_entry in sorted(resources.items()):
        other_refs = _refs(other_entry)
        other_counts = Counter(ref for _, _, ref in other_refs)
        for field_name, column, ref in other_refs:
            if ref != class_name:
                continue
            child = names_of(resources, other)
            children.append(
                {
                    "attr": reverse_name(child, field_name, other_counts[ref]),
                    "class_name": other,
                    "back_populates": field_name,
                    "foreign_keys": f"[{other}.{column}]",
                }
            )
            type_only[other] = child.module
    links = []  # link models this model owns (its --many-to-many)
    linked = []  # many-to-many attributes, on either side
    runtime_links: dict[str, str] = {}  # link class -> module, imported at runtime
    for other in entry.get("options", {}).get("many_to_many", []):
        other_names = names_of(resources, other)
        link_class, link_table = link_names(me, other_names)
        links.append(
            {
                "class_name": link_class,
                "table": link_table,
                "owner": me,
                "other": other_names,
                # ON DELETE of the other side, and its side of the relationship, look links up
                # by its column, which the primary key (owner first) cannot serve.
                "index": Index.of(link_table, (f"{other_names.module}_id", f"{me.module}_id")),
            }
        )
        linked.append(
            {
                "attr": other_names.plural,
                "class_name": other,
                "back_populates": me.plural,
                "link_class": link_class,
            }
        )
        type_only[other] = other_names.module
    for other, other_entry in sorted(resources.items()):
        if class_name in other_entry.get("options", {}).get("many_to_many", []):
            owner = names_of(resources, other)
            link_class, _ = link_names(owner, me)
            linked.append(
                {
                    "attr": owner.plural,
                    "class_name": other,
                    "back_populates": me.plural,
                    "link_class": link_class,
                }
            )
            type_only[other] = owner.module
            runtime_links[link_class] = owner.module
    return {
        "parents": parents,
        "children": children,
        "links": links,
        "linked": linked,
        "type_only_imports": sorted(type_only.items(), key=lambda item: item[1]),
        "runtime_link_imports": sorted(runtime_links.items()),
    }


def related(class_name: str, resources: dict[str, dict[str, Any]]) -> set[str]:
    """The other resources whose model files mention `class_name` in a relationship."""
    entry = resources.get(class_name, {})
    out = {ref for _, _, ref in _refs(entry)}
    out |= set(entry.get("options", {}).get("many_to_many", []))
    for other, other_entry in resources.items():
        if any(ref == class_name for _, _, ref in _refs(other_entry)):
            out.add(other)
        if class_name in other_entry.get("options", {}).get("many_to_many", []):
            out.add(other)
    out.discard(class_name)
    return {name for name in out if name in resources}
