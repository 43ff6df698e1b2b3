"""Keep `app/models/__init__.py` importing every table model, so Alembic sees them all."""

from __future__ import annotations

import libcst as cst

from scaffold.edits.imports import add_from_import, remove_from_import
from scaffold.edits.statements import assigns_name, parse_module

MODELS_INIT = "app/models/__init__.py"
LINE_LENGTH = 100  # the generated project's ruff setting


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
    tree = add_from_import(tree, f"from {dotted} import {class_name}\n", dotted, "app.models")
    return _rewrite_all(tree, {class_name}, add=True).code


def unregister_model(source: str, module_name: str, class_name: str) -> str:
    tree = parse_module(source, MODELS_INIT)
    tree = remove_from_import(tree, f"app.models.{module_name}")
    return _rewrite_all(tree, {class_name}, add=False).code
