"""Small questions about top-level statements, asked of libcst trees."""

from __future__ import annotations

import libcst as cst

from scaffold.errors import ProjectError


def parse_module(source: str, path: str) -> cst.Module:
    """Parse a user's file; a syntax error is the user's to fix, named with its line."""
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise ProjectError(
            f"{path} does not parse (line {exc.raw_line}: {exc.message})",
            f"fix the syntax error in {path}, then run the command again",
            code="broken_file",
        ) from None


def assigns_name(statement: cst.CSTNode, name: str) -> bool:
    """Whether `statement` is a simple line assigning to the bare name `name`."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return any(
        isinstance(small, cst.Assign)
        and any(isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets)
        for small in statement.body
    )
