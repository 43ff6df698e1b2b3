"""Strings that match a field's `:pattern`, for the sample values of the generated tests.

The generated tests need valid values for every field; for a `str` with a pattern that means
strings the pattern accepts. They are drawn here, once, at generation time: a small walk of the
parsed expression (the portable subset `spec.check_pattern` allows), seeded so that the same spec
always gives the same samples, and each candidate confirmed with `re.search`.
"""

from __future__ import annotations

import random
import re
from re import _constants as sre  # type: ignore[attr-defined]  # no public parse-tree API
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from scaffold.errors import SpecError

_REPEAT_SPREAD = 3  # an open-ended repeat (`*`, `+`, `{2,}`) draws up to this many extra
_ATTEMPTS = 400
_PRINTABLE = [chr(c) for c in range(0x21, 0x7F)]


def pattern_samples(
    pattern: str, *, count: int, min_length: int = 0, max_length: int = 255
) -> list[str]:
    """`count` distinct strings that `pattern` accepts, each `min_length..max_length` long.

    Fewer are returned when the pattern allows fewer (at least one).

    Raises:
        SpecError: when no such string can be found (the pattern and the lengths disagree).
    """
    compiled = re.compile(pattern)
    tree = sre_parse.parse(pattern)
    found: dict[str, None] = {}
    for seed in range(_ATTEMPTS):
        text = _draw(tree, random.Random(seed))
        if len(text) < min_length:
            text = _pad(text, compiled, min_length)
        if min_length <= len(text) <= max_length and compiled.search(text):
            found[text] = None
            if len(found) == count:
                break
    if not found:
        raise SpecError(
            f":pattern({pattern}) accepts no string of {min_length} to {max_length} characters "
            "that scaffold could find",
            "check the pattern against the field's length, or loosen one of them",
        )
    # Same lengths first: the generated search tests must not find one sample inside another.
    return sorted(found, key=lambda s: (len(s), s))[:count]


def non_matching(pattern: str, candidates: tuple[str, ...] = ("!", "", "0", "a", " ", "~~")) -> str:
    """A short string `pattern` refuses, or "" when it accepts all the candidates."""
    compiled = re.compile(pattern)
    for text in candidates:
        if not compiled.search(text):
            return text
    return ""


def _pad(text: str, compiled: re.Pattern[str], length: int) -> str:
    # An unanchored end accepts extra characters after a match.
    padded = text + "x" * (length - len(text))
    return padded if compiled.search(padded) else text


def _draw(tree: Any, rng: random.Random) -> str:
    return "".join(_node(op, arg, rng) for op, arg in tree)


def _node(op: Any, arg: Any, rng: random.Random) -> str:
    if op is sre.LITERAL:
        return chr(arg)
    if op is sre.NOT_LITERAL:
        return rng.choice([c for c in _PRINTABLE if ord(c) != arg])
    if op is sre.ANY:
        return rng.choice("abcxyz")
    if op is sre.IN:
        return _in(arg, rng)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, body = arg
        top = low + _REPEAT_SPREAD if high is sre.MAXREPEAT else min(high, low + _REPEAT_SPREAD)
        return "".join(_draw(body, rng) for _ in range(rng.randint(low, top)))
    if op is sre.SUBPATTERN:
        return _draw(arg[-1], rng)
    if op is sre.BRANCH:
        return _draw(rng.choice(arg[1]), rng)
    return ""  # AT (anchors) and anything else adds no character


def _in(items: Any, rng: random.Random) -> str:
    negate = any(op is sre.NEGATE for op, _ in items)
    allowed: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            allowed.add(chr(arg))
        elif op is sre.RANGE:
            allowed.update(chr(c) for c in range(arg[0], arg[1] + 1))
        elif op is sre.CATEGORY:
            allowed.update(c for c in _PRINTABLE if re.match(_CATEGORIES.get(arg, "(?!)"), c))
    pool = [c for c in _PRINTABLE if c not in allowed] if negate else sorted(allowed)
    return rng.choice(pool) if pool else ""


_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_SPACE: r"\s",
}
