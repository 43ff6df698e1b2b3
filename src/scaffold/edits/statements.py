"""Small questions about top-level statements, asked of libcst trees; and the parse and print
that keep a file's BOM and line endings."""

from __future__ import annotations

import libcst as cst

from scaffold.edits.text import BOM, dominant_newline
from scaffold.errors import ProjectError

# How a parsed tree remembers that its file started with a BOM: libcst's own `encoding` field
# (which `Module.bytes` honours); `module_code` gives it back.
_WITH_BOM = "utf-8-sig"


def parse_module(source: str, path: str) -> cst.Module:
    """Parse a user's file; a syntax error is the user's to fix, named with its line.

    The lines the tree prints keep their own endings; lines an edit adds get the file's
    dominant one (libcst would take the first line's). A BOM is remembered for
    `module_code`.
    """
    bom = source.startswith(BOM)
    text = source.removeprefix(BOM)
    try:
        tree = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise ProjectError(
            f"{path} does not parse (line {exc.raw_line}: {exc.message})",
            f"fix the syntax error in {path}, then run the command again",
            code="broken_file",
        ) from None
    newline = dominant_newline(text)
    if newline != tree.default_newline:
        # Pin the lines that print the default to the one they have before changing it.
        tree = tree.visit(_PinNewlines(tree.default_newline))
        tree = tree.with_changes(default_newline=newline)
    return tree.with_changes(encoding=_WITH_BOM) if bom else tree


def module_code(tree: cst.Module) -> str:
    """The text of a tree `parse_module` gave (perhaps edited since), with its file's BOM."""
    return (BOM if tree.encoding == _WITH_BOM else "") + tree.code


class _PinNewlines(cst.CSTTransformer):
    def __init__(self, newline: str) -> None:
        super().__init__()
        self.newline = newline

    def leave_Newline(self, original_node: cst.Newline, updated_node: cst.Newline) -> cst.Newline:
        if updated_node.value is None:
            return updated_node.with_changes(value=self.newline)
        return updated_node


def assigns_name(statement: cst.CSTNode, name: str) -> bool:
    """Whether `statement` is a simple line assigning to the bare name `name`."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return any(
        isinstance(small, cst.Assign)
        and any(isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets)
        for small in statement.body
    )
