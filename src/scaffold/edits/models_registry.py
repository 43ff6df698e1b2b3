"""Keep `app/models/__init__.py` importing every table model, so Alembic sees them all.

Registering adds `from app.models.<module> import <Class>` (wrapped as ruff's isort would wrap
it, when a long name takes it past the line length) and lists the class in `__all__`;
unregistering takes out that import (in either layout) and the name, and reports any other
code of the user's that uses the module or the class (see scaffold.edits.references).
"""

from __future__ import annotations

import libcst as cst

from scaffold.edits.imports import add_from_import, from_import_line, is_lone_import
from scaffold.edits.references import Own, Resource, Unregistration, unregister
from scaffold.edits.statements import assigns_name, module_code, parse_module
from scaffold.model.naming import LINE_LENGTH

MODELS_INIT = "app/models/__init__.py"


def _sort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 wants: SCREAMING_CASE, then CamelCase, then the rest.
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def _all_literal(names: set[str]) -> str:
    """`[...]` of the names, one a line once the assignment would pass ruff's 100 columns."""
    quoted = [f'"{n}"' for n in sorted(names, key=_sort_key)]
    flat = "[" + ", ".join(quoted) + "]"
    if len("__all__ = ") + len(flat) <= LINE_LENGTH:
        return flat
    return "[\n" + "".join(f"    {q},\n" for q in quoted) + "]"


def _rewrite_all(tree: cst.Module, change: set[str], *, add: bool) -> cst.Module:
    body = list(tree.body)
    for index, statement in enumerate(body):
        if not assigns_name(statement, "__all__"):
            continue
        assert isinstance(statement, cst.SimpleStatementLine)
        assign = statement.body[0]
        if not isinstance(assign, cst.Assign):
            return tree
        if not isinstance(assign.value, cst.List | cst.Tuple):
            return tree  # a computed __all__ is the user's business
        names = {
            e.value.evaluated_value
            for e in assign.value.elements
            if isinstance(e.value, cst.SimpleString) and isinstance(e.value.evaluated_value, str)
        }
        if (change <= names) if add else not (change & names):
            return tree  # nothing to change: the user's order and layout stay
        names = names | change if add else names - change
        literal = _all_literal(names)
        new_assign = assign.with_changes(value=cst.parse_expression(literal))
        body[index] = statement.with_changes(body=[new_assign])
        return tree.with_changes(body=body)
    if not add:
        return tree
    literal = _all_literal(change)
    body.append(
        cst.parse_statement(f"__all__ = {literal}\n").with_changes(leading_lines=[cst.EmptyLine()])
    )
    return tree.with_changes(body=body)


def register_model(source: str, module_name: str, class_name: str) -> str:
    """Return app/models/__init__.py importing `class_name` and listing it in `__all__`."""
    tree = parse_module(source, MODELS_INIT)
    dotted = f"app.models.{module_name}"
    line = from_import_line(dotted, class_name, LINE_LENGTH)
    tree = add_from_import(tree, line, dotted, "app.models")
    return module_code(_rewrite_all(tree, {class_name}, add=True))


def unregister_model(source: str, module_name: str, class_name: str) -> Unregistration:
    """Undo `register_model`: the import it writes and the name in `__all__`; the user's code
    that uses the class or `app.models.<module_name>` is reported, and taken out of the forced
    text (with the names its imports bound, in `__all__`)."""
    tree = parse_module(source, MODELS_INIT)
    dotted = f"app.models.{module_name}"
    statement = next((s for s in tree.body if is_lone_import(s, dotted, class_name, None)), None)
    own = [Own(statement, carry=True)] if statement is not None else []
    resource = Resource(dotted, frozenset({class_name}), package="app.models")
    edited, references, removed = unregister(tree, own, resource)
    edited = _rewrite_all(edited, {class_name, *removed}, add=False)
    return Unregistration(module_code(edited), references)
