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
from typing import ClassVar

from scaffold.validators.ast_index import ModuleIndex
from scaffold.validators.findings import Severity


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule's raw report: the node to point at and the message to show."""

    node: ast.AST
    message: str


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
    invalid: ClassVar[tuple[str, ...]]
    valid: ClassVar[tuple[str, ...]]
    severity: ClassVar[Severity] = "error"

    @abstractmethod
    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        """Yield every violation of this rule in one parsed module."""
