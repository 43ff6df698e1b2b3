"""Acknowledgements: a reasoned comment that accepts one lint finding on one migration operation.

```python
# scaffold: allow[ML105] -- the old release is stopped before this runs: nothing reads
#   product.notes any more when the column is renamed
op.alter_column("product", "notes", new_column_name="description")
```

An acknowledgement names one or more rules (`allow[ML105, ML107]`), then `--` and the reason:
why the operation is safe here, or what has to happen before it runs (at least
`MIN_REASON_WORDS` words; a second comment after it on the same line is not part of it). On a
line of its own it covers the Python statement that starts on the next line of code, and the
comment lines right under it continue the reason; after code on the same line it covers that
statement. A compound statement (`with`, `if`) is covered by its header only: an
acknowledgement belongs above the `op.*` or `batch_op.*` call itself, which is the line a
finding points at. `ignore` is read as `allow` (the older spelling), with the same rules.

It accepts the named rules on that statement and nothing else. Each one that accepts nothing
(the rule reports nothing there: the operation is not unsafe, the table is new, or the line
never runs on PostgreSQL, as a downgrade or a SQLite-only branch), names an unknown rule, names
none, or gives no reason is itself a finding, so that a check stays green only on what was
looked at and red on anything new.
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

MIN_REASON_WORDS = 3
_DIRECTIVE = re.compile(
    r"#\s*scaffold:\s*(?P<word>allow|ignore)\b(?:\[(?P<codes>[^\]]*)\])?(?P<rest>.*)$"
)
_SEPARATOR = re.compile(r"^\s*(?:--|:|-|\u2014)\s*")  # `--`, also `:`, `-` or an em dash
_NEXT_COMMENT = re.compile(r"\s+#\s")
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def comment(codes: Iterable[str], reason: str, *, indent: int = 4, width: int = 100) -> list[str]:
    """The lines of an acknowledgement of `codes` (continuation lines indented by 2 more).

    Raises:
        ValueError: no code, or a reason too short for the lint to accept.
    """
    names = ", ".join(codes)
    if not names or len(_WORD.findall(reason)) < MIN_REASON_WORDS:
        raise ValueError(f"an acknowledgement needs codes and a reason: {names!r} {reason!r}")
    pad = " " * indent
    return textwrap.wrap(
        f"# scaffold: allow[{names}] -- {reason}",
        width=width,
        initial_indent=pad,
        subsequent_indent=pad + "#   ",
        break_long_words=False,
        break_on_hyphens=False,
    )


@dataclass
class Acknowledgement:
    """One acknowledgement comment and the lines of the statement it covers."""

    line: int
    column: int  # 1-based, of the `#`
    codes: tuple[str, ...]
    reason: str
    first: int  # the covered statement's lines, inclusive
    last: int
    used: set[str] = field(default_factory=set)

    def covers(self, line: int, code: str) -> bool:
        return code in self.codes and self.first <= line <= self.last

    @property
    def reasoned(self) -> bool:
        return len(_WORD.findall(self.reason)) >= MIN_REASON_WORDS


@dataclass(frozen=True)
class _Comment:
    line: int
    column: int
    text: str
    alone: bool  # nothing but the comment on its line


def _comments(text: str) -> tuple[list[_Comment], set[int]]:
    """Every comment, and the lines on which a token of code starts."""
    comments: list[_Comment] = []
    code_lines: set[int] = set()
    skip = {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                alone = token.line[: token.start[1]].strip() == ""
                comments.append(_Comment(token.start[0], token.start[1] + 1, token.string, alone))
            elif token.type not in skip:
                code_lines.update(range(token.start[0], token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        pass
    return comments, code_lines


def _spans(text: str) -> list[tuple[int, int]]:
    """The lines each statement covers: all of a simple one, the header of a compound one."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            spans.append((node.lineno, max(node.lineno, body[0].lineno - 1)))
        else:
            spans.append((node.lineno, node.end_lineno or node.lineno))
    return spans


def _innermost(spans: list[tuple[int, int]], line: int) -> tuple[int, int]:
    around = [span for span in spans if span[0] <= line <= span[1]]
    return min(around, key=lambda span: span[1] - span[0]) if around else (line, line)


def find(source: bytes) -> list[Acknowledgement]:
    """Every acknowledgement in a migration file (comments only: strings do not count)."""
    if b"scaffold:" not in source:
        return []
    text = source.decode("utf-8", errors="replace")
    comments, code_lines = _comments(text)
    spans = _spans(text)
    by_line = {c.line: c for c in comments}
    found = []
    for item in comments:
        match = _DIRECTIVE.search(item.text)
        if match is None:
            continue
        raw = match.group("codes")
        codes = tuple(c.strip().upper() for c in (raw or "").split(",") if c.strip())
        # A second comment after it on the line is not part of the reason.
        rest = _NEXT_COMMENT.split(match.group("rest"), maxsplit=1)[0]
        reason = _SEPARATOR.sub("", rest.strip(), count=1)
        target = item.line
        if item.alone:
            target += 1
            # The comment lines under it (not directives themselves) continue the reason.
            while target in by_line and target not in code_lines:
                more = by_line[target].text
                if _DIRECTIVE.search(more):
                    break
                reason = f"{reason} {more.lstrip('#').strip()}".strip()
                target += 1
            later = [n for n in code_lines if n >= target]
            target = min(later) if later else target
        first, last = _innermost(spans, target)
        found.append(Acknowledgement(item.line, item.column, codes, reason, first, last))
    return found


# (line, column, rule, message): what `check` reports about the acknowledgements themselves.
AckFinding = tuple[int, int, str, str]


def accept(
    findings: Iterable[tuple[int, str]], acknowledgements: list[Acknowledgement]
) -> list[bool]:
    """For each (line, rule) finding, whether a reasoned acknowledgement accepts it."""
    accepted = []
    for line, code in findings:
        ack = next((a for a in acknowledgements if a.reasoned and a.covers(line, code)), None)
        if ack is not None:
            ack.used.add(code)
        accepted.append(ack is not None)
    return accepted


def check(
    acknowledgements: list[Acknowledgement],
    *,
    code: str,
    prefix: str,
    known_codes: Collection[str],
    report_unused: bool = True,
) -> list[AckFinding]:
    """What is wrong with the acknowledgements once `accept` has run, as findings of `code`.

    Codes with another checker's prefix are left to that checker.
    """
    out: list[AckFinding] = []
    for ack in acknowledgements:
        mine = [c for c in ack.codes if c.startswith(prefix)]
        if not ack.codes:
            out.append(
                (
                    ack.line,
                    ack.column,
                    code,
                    "acknowledgement names no rule: write `# scaffold: allow[ML1xx] -- reason` "
                    "with the code of the finding it accepts",
                )
            )
            continue
        if not mine:
            continue
        unknown = [c for c in mine if c not in known_codes]
        for name in unknown:
            out.append((ack.line, ack.column, code, f"acknowledgement names unknown rule {name}"))
        known = [c for c in mine if c in known_codes]
        if known and not ack.reasoned:
            out.append(
                (
                    ack.line,
                    ack.column,
                    code,
                    f"acknowledgement of {', '.join(known)} gives no reason, so it accepts "
                    f"nothing: add `-- why it is safe here` (at least {MIN_REASON_WORDS} words)",
                )
            )
            continue
        if report_unused:
            for name in known:
                if name not in ack.used:
                    out.append(
                        (
                            ack.line,
                            ack.column,
                            code,
                            f"acknowledgement of {name} accepts nothing: {name} reports nothing "
                            f"on the statement at line {ack.first}; remove it, or move it above "
                            "the op.* call the finding points at",
                        )
                    )
    return out
