"""SA109: mutable default arguments that the function changes."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import FunctionInfo, ModuleIndex
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns


class MutableDefaultRule(Rule):
    """A `[]` or `{}` default that the function changes: one object for every call."""

    code = "SA109"
    name = "mutated-mutable-default"
    summary = "Mutable default argument changed by the function"
    rationale = (
        "A default value is created once, when the function is defined, and shared by every "
        "call that omits the argument. A function that appends to its `history=[]` default "
        "accumulates every caller's data in process memory. A mutable default that is only read "
        "is harmless and is not reported."
    )
    fix = (
        "Default to `None` and create the container inside the function "
        "(`history = [] if history is None else history`), or take an immutable tuple."
    )
    invalid = (
        """\
def add_turn(text: str, history: list[str] = []) -> list[str]:
    history.append(text)
    return history
""",
        """\
def remember(key: str, value: str, store: dict[str, str] = {}) -> None:
    store[key] = value
""",
        """\
def tag(name: str, *, seen: set[str] = set()) -> bool:
    if name in seen:
        return False
    seen.add(name)
    return True
""",
        """\
async def collect(chunk: str, chunks=[]) -> str:
    chunks += [chunk]
    return "".join(chunks)
""",
        """\
from collections import defaultdict


def count(word: str, counts=defaultdict(int)) -> int:
    counts[word] += 1
    return counts[word]
""",
    )
    valid = (
        """\
def add_turn(text: str, history: list[str] | None = None) -> list[str]:
    history = [] if history is None else history
    history.append(text)
    return history
""",
        """\
def format_tags(tags: list[str] = []) -> str:
    return ", ".join(sorted(tags))
""",
        """\
def lookup(key: str, table: dict[str, str] = {}) -> str | None:
    return table.get(key)
""",
        """\
def normalize(items: list[str] = []) -> list[str]:
    items = list(items)
    items.append("end")
    return items
""",
        """\
from pydantic import BaseModel, Field


class Chat(BaseModel):
    messages: list[str] = []
    tags: list[str] = Field(default_factory=list)
""",
        """\
def send(text: str, recipients: tuple[str, ...] = ()) -> int:
    return len(recipients)
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        defaults = [
            (function, param, default)
            for function in module.functions
            for param, default in function.defaults
            if patterns.is_container(default, module)
        ]
        if not defaults:
            return
        for function, param, default in defaults:
            site = _mutation_of(function, param.arg, module)
            if site is None:
                continue
            yield Violation(
                default,
                f"default `{param.arg}={ast.unparse(default)}` of `{function.name}()` is changed "
                "by the function: one object is shared by every call that omits the argument",
            )


def _mutation_of(function: FunctionInfo, name: str, module: ModuleIndex) -> ast.AST | None:
    augmented = set()
    for mutation in module.mutations:
        if mutation.kind == "augassign" and mutation.scope is function.scope:
            augmented.add(id(mutation.target))
    sites = [
        site
        for site in function.scope.stores.get(name, ())
        if not isinstance(site, ast.arg) and id(site) not in augmented
    ]
    if sites:
        return None  # rebound (copied) before use: the default is not the object changed
    for mutation in module.mutations:
        target = mutation.target
        if not isinstance(target, ast.Name) or target.id != name:
            continue
        if mutation.kind in ("setattr", "delattr"):
            continue
        binding, owner = module.resolve(name, mutation.scope)
        if owner is function.scope and binding in ("local", "enclosing"):
            return mutation.node
    return None
