"""Inline suppression: `# scaffold: ignore[CODE, ...]` on the line a finding points at.

A bare `# scaffold: ignore` silences every finding on its line. A suppression that silences
nothing is itself reported (it hides nothing today and would hide a real finding tomorrow), as
is one naming a code this checker does not have but that carries the checker's prefix.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass

from scaffold.validators.findings import Severity

MARKER = b"scaffold:"
_PATTERN = re.compile(r"#\s*scaffold:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?")

# (line, column, rule, message, severity): a finding not yet tied to a path.
RawFinding = tuple[int, int, str, str, Severity]


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression comment: where it is and which codes it names (None: all)."""

    line: int
    column: int
    codes: frozenset[str] | None


def find_suppressions(source: bytes) -> list[Suppression]:
    """Every suppression comment in a file (comments only: strings do not count)."""
    if MARKER not in source:
        return []
    text = source.decode("utf-8", errors="replace")
    found: list[Suppression] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            match = _PATTERN.search(token.string)
            if match is None:
                continue
            codes = match.group("codes")
            names = None
            if codes is not None:
                names = frozenset(c.strip().upper() for c in codes.split(",") if c.strip())
            found.append(Suppression(token.start[0], token.start[1] + match.start() + 1, names))
    except (tokenize.TokenError, SyntaxError):
        return found
    return found


def apply_suppressions(
    findings: Iterable[RawFinding],
    suppressions: list[Suppression],
    *,
    unused_code: str,
    prefix: str,
    known_codes: frozenset[str],
    selected: frozenset[str],
) -> list[RawFinding]:
    """Drop suppressed findings and add one for each suppression that silenced nothing.

    Args:
        findings: The rules' findings for one file.
        suppressions: The file's suppression comments.
        unused_code: The code of the unused-suppression finding (reported if selected).
        prefix: This checker's code prefix; codes with other prefixes belong to other
            checkers and are left alone.
        known_codes: Every code of this checker.
        selected: The codes that ran; a suppression for a rule that did not run is not unused.
    """
    by_line: dict[int, Suppression] = {s.line: s for s in suppressions}
    used: dict[int, set[str]] = {}
    kept: list[RawFinding] = []
    for finding in findings:
        suppression = by_line.get(finding[0])
        rule = finding[2]
        if suppression is not None and (suppression.codes is None or rule in suppression.codes):
            used.setdefault(suppression.line, set()).add(rule)
            continue
        kept.append(finding)
    if unused_code not in selected:
        return kept
    for suppression in suppressions:
        hit = used.get(suppression.line, set())
        if suppression.codes is None:
            if not hit:
                kept.append(_unused(suppression, unused_code, "`# scaffold: ignore`"))
            continue
        for code in sorted(suppression.codes):
            if not code.startswith(prefix) or code in hit:
                continue
            if code not in known_codes:
                message = f"suppression names unknown rule code `{code}`"
                kept.append((suppression.line, suppression.column, unused_code, message, "warning"))
            elif code in selected:
                kept.append(_unused(suppression, unused_code, f"`ignore[{code}]`"))
    return kept


def _unused(suppression: Suppression, code: str, what: str) -> RawFinding:
    return (
        suppression.line,
        suppression.column,
        code,
        f"unused suppression {what}: nothing on this line is reported; remove the comment",
        "warning",
    )
