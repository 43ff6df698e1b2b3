"""`--explain CODE` and `--list-rules` as text."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from scaffold.validators.findings import RuleInfo


def render_explain(info: RuleInfo) -> str:
    """A rule's rationale, fix, and its flagged and accepted examples."""
    parts = [
        f"{info.code} {info.name} ({info.severity})",
        info.summary,
        "",
        textwrap.fill(info.rationale, width=88),
        "",
        "Fix: " + textwrap.fill(info.fix, width=83, subsequent_indent="     "),
    ]
    for title, examples in (
        ("Flagged (anti-pattern)", info.invalid),
        ("Not flagged (stateless code and look-alikes)", info.valid),
    ):
        for number, example in enumerate(examples, start=1):
            parts.extend(["", f"{title} {number}:", textwrap.indent(example.rstrip(), "    ")])
    return "\n".join(parts) + "\n"


def render_rule_list(infos: Sequence[RuleInfo]) -> str:
    """One line per rule: code, severity, name, summary."""
    width = max(len(info.name) for info in infos)
    return "".join(
        f"{info.code}  {info.severity:<7}  {info.name:<{width}}  {info.summary}\n" for info in infos
    )
