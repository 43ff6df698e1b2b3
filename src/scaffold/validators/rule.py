"""The shape of an AST rule: a code, a message, a rationale and its own examples.

A rule is a small class. The engine parses each file once and hands every rule the same
`ModuleIndex`; a rule yields `Violation`s (a node and a message) and the engine turns them into
`Finding`s. Each rule carries invalid examples (code it must flag) and valid examples (code it
must leave alone, look-alikes included): one parametrized test runs them all, and the rule
reference for agents is generated from them. By convention `valid[0]` is the stateless rewrite
of `invalid[0]`, so the pair documents the anti-pattern and its fix.
"""

from __future__ import annotations

import ast
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from scaffold.validators.ast_index import ModuleIndex
from scaffold.validators.findings import Severity

FILE_MARKER = "# file: "


def split_example(example: str) -> dict[str, str]:
    """An example's modules by relative path (`snippet.py` for a one-module example)."""
    if not example.startswith(FILE_MARKER):
        return {"snippet.py": example}
    modules: dict[str, list[str]] = {}
    current: list[str] = []
    for line in example.splitlines(keepends=True):
        if line.startswith(FILE_MARKER):
            current = modules.setdefault(line[len(FILE_MARKER) :].strip(), [])
        else:
            current.append(line)
    return {path: "".join(lines) for path, lines in modules.items()}


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule's raw report: the node to point at and the message to show.

    `requires` holds questions only the whole project can answer (is the class imported from
    another module stateful?); the finding stands when every one is answered, and the answers
    fill the message's `{placeholders}`. Without requirements the message is final.
    """

    node: ast.AST
    message: str
    requires: tuple[tuple[Any, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """The configuration knobs rules read (the rest of the config is the engine's)."""

    allowed_globals: frozenset[str] = frozenset()
    extra_in_memory_classes: frozenset[str] = frozenset()


class Rule(ABC):
    """One rule family with a stable code.

    Subclasses set the class attributes and implement `check`.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    rationale: ClassVar[str]
    fix: ClassVar[str]
    # An example is one module's source, or a small project: modules one after the other,
    # each opened by a `# file: app/stores.py` line (see `split_example`).
    invalid: ClassVar[tuple[str, ...]]
    valid: ClassVar[tuple[str, ...]]
    severity: ClassVar[Severity] = "error"

    @abstractmethod
    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        """Yield every violation of this rule in one parsed module."""
