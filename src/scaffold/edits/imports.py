"""Adding first-party `from X import Y` lines, in the position isort gives them."""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node


def from_module(statement: cst.CSTNode) -> str | None:
    """The module of a top-level `from X import ...` line, else None."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    for small in statement.body:
        if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            return get_full_name_for_node(small.module)
    return None


def from_import_line(dotted: str, name: str, line_length: int) -> str:
    """`from <dotted> import <name>` (`name` may be `x as y`) as ruff's isort writes it: on one
    line when that fits `line_length`, else the name alone on a line in parentheses."""
    flat = f"from {dotted} import {name}"
    if len(flat) <= line_length:
        return flat + "\n"
    return f"from {dotted} import (\n    {name},\n)\n"


def is_lone_import(statement: cst.CSTNode, dotted: str, name: str, asname: str | None) -> bool:
    """`from <dotted> import <name>` (or `<name> as <asname>`), alone on its line: the shape
    scaffold writes, told from a user's import of the same module."""
    if from_module(statement) != dotted:
        return False
    assert isinstance(statement, cst.SimpleStatementLine)
    node = statement.body[0]
    if len(statement.body) != 1 or not isinstance(node, cst.ImportFrom):
        return False
    if isinstance(node.names, cst.ImportStar) or len(node.names) != 1:
        return False
    alias = node.names[0]
    if not (isinstance(alias.name, cst.Name) and alias.name.value == name):
        return False
    if asname is None:
        return alias.asname is None
    return (
        alias.asname is not None
        and isinstance(alias.asname.name, cst.Name)
        and alias.asname.name.value == asname
    )


def _is_import(statement: cst.CSTNode) -> bool:
    return from_module(statement) is not None or (
        isinstance(statement, cst.SimpleStatementLine)
        and any(isinstance(small, cst.Import) for small in statement.body)
    )


def _after_docstring(module: cst.Module) -> int:
    first = module.body[0] if module.body else None
    if (
        isinstance(first, cst.SimpleStatementLine)
        and isinstance(first.body[0], cst.Expr)
        and isinstance(first.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    ):
        return 1
    return 0


def imports_module(module: cst.Module, dotted: str) -> bool:
    """Whether `module` has a top-level `from <dotted> import ...`."""
    return any(from_module(statement) == dotted for statement in module.body)


def add_from_import(module: cst.Module, line: str, dotted: str, package: str) -> cst.Module:
    """Insert `line`, a `from <dotted> import ...` statement, sorted among the other
    `from <package>.* import` lines (after the last import if there are none). Idempotent."""
    if imports_module(module, dotted):
        return module
    body = list(module.body)
    rows = [i for i, s in enumerate(body) if (from_module(s) or "").startswith(package + ".")]
    after = [i for i in rows if (from_module(body[i]) or "") > dotted]
    statement = cst.parse_statement(line)
    if after:
        position = after[0]
        successor = body[position]
        if isinstance(successor, cst.SimpleStatementLine) and successor.leading_lines:
            # The comment or blank line above the block stays above the block.
            statement = statement.with_changes(leading_lines=successor.leading_lines)
            body[position] = successor.with_changes(leading_lines=())
    elif rows:
        position = rows[-1] + 1
    else:
        imports = [i for i, s in enumerate(body) if _is_import(s)]
        position = imports[-1] + 1 if imports else _after_docstring(module)
    body.insert(position, statement)
    return module.with_changes(body=body)
