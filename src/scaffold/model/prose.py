"""Putting a feature spec's prose into generated Python: wrapped docstring text and string
literals that stay within the line length, whatever the author's line breaks were."""

from __future__ import annotations

import textwrap

WIDTH = 92  # leaves room for indentation under ruff's 100 columns


def _safe(text: str) -> str:
    # Inside a docstring, a triple quote would end it and a backslash would escape.
    return text.replace("\\", "\\\\").replace('"""', "'''")


def paragraphs(text: str, width: int = WIDTH) -> str:
    """Markdown paragraphs, re-wrapped for a docstring."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
    return "\n\n".join(textwrap.fill(_safe(block), width) for block in blocks)


def bullets(items: tuple[str, ...] | list[str], width: int = WIDTH) -> list[str]:
    """`- item` lines, continuation lines indented under the text."""
    return [
        textwrap.fill(
            _safe(" ".join(item.split())),
            width,
            initial_indent="- ",
            subsequent_indent="  ",
        )
        for item in items
    ]


def string_literal_lines(text: str, width: int = 76) -> list[str]:
    """Python string literals that, written one per line, concatenate back to `text`."""
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        words = line.split(" ")
        current = ""
        for index, word in enumerate(words):
            chunk = word if index == len(words) - 1 else word + " "
            if current and len(current) + len(chunk) > width:
                pieces.append(current)
                current = ""
            current += chunk
        if current:
            pieces.append(current)
    return [repr(piece) for piece in pieces] or ['""']
