"""Breaking the docstring and comment lines that `ruff format` leaves over the line length.

The formatter never re-wraps prose, so a docstring or comment that holds a long name (a
63-character resource is a legal one) would fail the project's own `ruff check` (E501). Only
lines over the limit change, each broken at its last space that fits; everything else,
normal names' output included, stays byte for byte.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator

_QUOTES = ('"""', "'''")
_PRAGMAS = ("noqa", "type:", "pragma", "fmt:")
_BULLETS = ("- ", "* ")


def wrap_long_lines(code: str, limit: int) -> str:
    """`code` with its over-long docstring and whole-line comment lines broken at spaces.

    A line with no space to break at within the limit stays as it is; so does code that does
    not parse (ruff has reported that already).
    """
    lines = code.splitlines(keepends=True)
    if all(len(line.rstrip("\r\n")) <= limit for line in lines):
        return code
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    docstrings = {
        start: (end, indent) for start, end, indent in _docstrings(tree, lines) if start <= end
    }
    comments = set(_comment_lines(code))
    out: list[str] = []
    row = 0
    while row < len(lines):
        number = row + 1
        if number in docstrings:
            end, indent = docstrings[number]
            out += _wrap_docstring(lines[row:end], indent, limit)
            row = end
            continue
        line = lines[row]
        out += _wrap_comment(line, limit) if number in comments else [line]
        row += 1
    return "".join(out)


def _docstrings(tree: ast.Module, lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """(first line, last line, indentation) of each triple-quoted string statement."""
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and node.end_lineno is not None
        ):
            continue
        first = lines[node.lineno - 1]
        opening = first[node.col_offset :].lstrip("rRuU")
        if opening.startswith(_QUOTES) and node.lineno == node.value.lineno:
            yield node.lineno, node.end_lineno, first[: node.col_offset]


def _comment_lines(code: str) -> Iterator[int]:
    """The numbers of lines that hold nothing but a comment."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT and not token.line[: token.start[1]].strip():
                yield token.start[0]
    except (tokenize.TokenError, SyntaxError):
        return


def _newline(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _break(text: str, limit: int, start: int) -> tuple[str, str] | None:
    """`text` split at its last space at or before column `limit` (else its first one after:
    a word longer than the line is exempt from E501 once alone), after column `start` and
    never after a backslash (which would escape the line break); None if there is none."""
    before = range(min(limit, len(text) - 1), start, -1)
    after = range(limit + 1, len(text) - 1)
    for column in (*before, *after):
        if text[column] == " " and text[column - 1] not in " \\":
            return text[:column].rstrip(), text[column + 1 :].lstrip(" ")
    return None


def _wrap_docstring(lines: list[str], indent: str, limit: int) -> list[str]:
    """The lines of one docstring, each over `limit` broken; a one-line docstring that breaks
    gets its closing quotes on a line of their own."""
    newline = _newline(lines[-1]) or "\n"
    single = len(lines) == 1
    out: list[str] = []
    for index, line in enumerate(lines):
        text, ending = line.rstrip("\r\n"), _newline(line)
        # The first line breaks after its opening quotes, the others after their indentation
        # (a bullet's continuation goes under its text).
        own_indent = indent if index == 0 else text[: len(text) - len(text.lstrip(" "))]
        start = len(indent) + 3 if index == 0 else len(own_indent)
        if text[len(own_indent) :].startswith(_BULLETS):
            start, own_indent = start + 2, own_indent + "  "
        while len(text) > limit and (split := _break(text, limit, start)) is not None:
            head, rest = split
            out.append(head + newline)
            text, start = own_indent + rest, len(own_indent)
        if single and len(out) > 0 and text.endswith(_QUOTES):
            closing = text[-3:]
            out += [text[:-3].rstrip() + newline, indent + closing + ending]
        else:
            out.append(text + ending)
    return out


def _wrap_comment(line: str, limit: int) -> list[str]:
    text, ending = line.rstrip("\r\n"), _newline(line)
    if len(text) <= limit or any(pragma in text for pragma in _PRAGMAS):
        return [line]
    indent = text[: len(text) - len(text.lstrip(" "))]
    prefix = indent + "# "
    out: list[str] = []
    start = len(prefix)
    while len(text) > limit and (split := _break(text, limit, start)) is not None:
        head, rest = split
        out.append(head + ending)
        text = prefix + rest
    return [*out, text + ending]
