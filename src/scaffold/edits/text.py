"""A user's file as its bytes have it: the line endings and byte-order mark an edit must keep.

Python's text mode turns CRLF into LF on reading, and libcst drops a BOM from the text it
parses; either would rewrite every line of a file scaffold only meant to add one line to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import ProjectError

BOM = "\ufeff"
_NEWLINE = re.compile(r"\r\n|\r|\n")


def read_source(target: Path, shown: str) -> str:
    """The text of `target` exactly as it is stored: no newline translation, a UTF-8 BOM kept
    as a leading U+FEFF. `shown` is the path the error names."""
    try:
        with target.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(
            f"cannot read {shown} ({exc})",
            f"check {shown}'s permissions, and that it is UTF-8",
            code="broken_file",
        ) from None


def dominant_newline(text: str) -> str:
    """The line ending most lines of `text` use (the first one seen on a tie); LF if none."""
    counts: Counter[str] = Counter(_NEWLINE.findall(text))
    if not counts:
        return "\n"
    return counts.most_common(1)[0][0]  # most_common keeps first-seen order on ties


@dataclass(frozen=True)
class TextStyle:
    """How a file ends its lines and whether it starts with a BOM."""

    newline: str
    bom: bool

    @classmethod
    def of(cls, text: str) -> TextStyle:
        return cls(dominant_newline(text), text.startswith(BOM))

    def apply(self, text: str) -> str:
        """`text` with this style: every line ending made `newline`, a BOM iff `bom`.

        For text that went through a tool that normalizes both (ruff format ends every line
        as the first one and drops a BOM; Python's text mode reads CRLF as LF)."""
        body = _NEWLINE.sub(self.newline, text.removeprefix(BOM))
        return BOM + body if self.bom else body
