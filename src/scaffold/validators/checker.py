"""The interface between the engine and a checker, and the AST checker built on it.

The engine knows files, caching, parallelism and per-path ignores; a checker turns one file's
bytes into raw findings. `AstChecker` parses once with the stdlib `ast`, builds the shared
`ModuleIndex` once, and runs every selected rule over it. Other checkers (the code-review
skill's ruff, mypy and bandit adapters) implement the same protocol and reuse the rest.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import json
import sys
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from scaffold import __version__
from scaffold.validators.ast_index import ModuleIndex, build_index
from scaffold.validators.findings import Severity
from scaffold.validators.project.index import Facts, ProjectIndex
from scaffold.validators.rule import Rule, RuleOptions
from scaffold.validators.suppression import (
    RawFinding,
    Suppression,
    apply_suppressions,
    find_suppressions,
)

# (message, line, column) of a file that could not be checked.
RawError = tuple[str, int | None, int | None]
# A finding that stands only if the project answers its requirements: (line, column, rule,
# message template, severity, requirements).
PendingFinding = tuple[int, int, str, str, Severity, tuple[tuple[Any, ...], ...]]
# A suppression comment: (line, column, codes or None for all).
RawSuppression = tuple[int, int, tuple[str, ...] | None]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What a checker found in one file: findings, or the reason it could not check it.

    A checker that links files through a project index also returns the file's facts, the
    findings that wait for the project's answers, and the suppression comments (applied once
    those findings are decided); `link` turns such an outcome into the final one.
    """

    findings: tuple[RawFinding, ...] = ()
    error: RawError | None = None
    pending: tuple[PendingFinding, ...] = ()
    suppressions: tuple[RawSuppression, ...] = ()
    facts: Facts | None = None


class FileChecker(Protocol):
    """A checker the engine can run file by file (in worker processes, with caching)."""

    name: str

    def fingerprint(self) -> str:
        """A digest of everything besides file content that changes results (cache key)."""
        ...

    def check_source(self, source: bytes, filename: str) -> FileOutcome:
        """Check one file's content."""
        ...


@runtime_checkable
class LinkingChecker(FileChecker, Protocol):
    """A checker whose findings in one file may depend on facts of the project's other files."""

    links: bool

    def link(self, index: ProjectIndex | None, path: str, outcome: FileOutcome) -> FileOutcome:
        """The final outcome of `path`, its pending findings decided with the project index."""
        ...


class AstChecker:
    """Runs a set of `Rule`s over files parsed once with the stdlib `ast` module."""

    def __init__(
        self,
        name: str,
        rules: Sequence[Rule],
        options: RuleOptions,
        *,
        prefix: str,
        unused_suppression: str,
        selected: frozenset[str],
    ) -> None:
        self.name = name
        self.rules = tuple(rule for rule in rules if rule.code in selected)
        self.options = options
        self.prefix = prefix
        self.unused_suppression = unused_suppression
        self.selected = selected
        self.known_codes = frozenset({rule.code for rule in rules} | {unused_suppression})

    def fingerprint(self) -> str:
        """Digest of scaffold's version, the validator sources, the rules and the options."""
        payload = {
            "version": __version__,
            "python": list(sys.version_info[:2]),
            "checker": self.name,
            "selected": sorted(self.selected),
            "allowed_globals": sorted(self.options.allowed_globals),
            "extra_in_memory_classes": sorted(self.options.extra_in_memory_classes),
            "sources": _validator_sources_digest(),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def check_source(self, source: bytes, filename: str) -> FileOutcome:
        """Parse `source` once and run every selected rule.

        A linking checker's outcome still holds pending findings and suppressions for `link`;
        any other checker's outcome is final (suppressions applied).
        """
        try:
            tree = ast.parse(source, filename=filename)
        except SyntaxError as exc:
            return FileOutcome(error=(f"syntax error: {exc.msg}", exc.lineno, exc.offset))
        except (RecursionError, MemoryError):
            # The parser's own limits (its stack overflows on absurdly nested expressions).
            return FileOutcome(error=("cannot parse: expressions nested too deeply", None, None))
        except ValueError as exc:
            return FileOutcome(error=(f"cannot parse: {exc}", None, None))
        index = build_index(tree)
        raw: list[RawFinding] = []
        pending: list[PendingFinding] = []
        columns: _Columns | None = None
        failures: list[str] = []
        for rule in self.rules:
            try:
                violations = list(rule.check(index, self.options))
            except Exception as exc:  # one rule's bug must not stop the run
                failures.append(f"{rule.code} ({type(exc).__name__}: {exc})")
                continue
            for violation in violations:
                node = violation.node
                line = getattr(node, "lineno", 1)
                if columns is None:
                    columns = _Columns(source)
                column = columns.character_column(line, getattr(node, "col_offset", 0))
                if violation.requires:
                    pending.append(
                        (
                            line,
                            column,
                            rule.code,
                            violation.message,
                            rule.severity,
                            violation.requires,
                        )
                    )
                else:
                    raw.append((line, column, rule.code, violation.message, rule.severity))
        error: RawError | None = None
        if failures:
            error = (f"internal error in rule {'; '.join(failures)}: please report it", None, None)
        raw, pending = self.adjust(index, raw, pending)
        suppressions = tuple(
            (s.line, s.column, None if s.codes is None else tuple(sorted(s.codes)))
            for s in find_suppressions(source)
        )
        outcome = FileOutcome(
            findings=tuple(raw),
            error=error,
            pending=tuple(pending),
            suppressions=suppressions,
            facts=self.facts(index),
        )
        return outcome if self.links else self.link(None, filename, outcome)

    # Hooks for checkers that link files: the stateless checker overrides them.
    links = False

    def facts(self, index: ModuleIndex) -> Facts | None:
        """What this module tells the project index (None: nothing)."""
        return None

    def adjust(
        self, index: ModuleIndex, raw: list[RawFinding], pending: list[PendingFinding]
    ) -> tuple[list[RawFinding], list[PendingFinding]]:
        """A last look at one module's findings before they are cached."""
        return raw, pending

    def answer(
        self, index: ProjectIndex | None, path: str, requirement: tuple[Any, ...]
    ) -> dict[str, str] | None:
        """Placeholders for a pending finding's message, or None when it does not hold."""
        return None

    def _decide(
        self,
        index: ProjectIndex | None,
        path: str,
        template: str,
        requirements: tuple[tuple[Any, ...], ...],
    ) -> str | None:
        message = template
        for requirement in requirements:
            values = self.answer(index, path, tuple(requirement))
            if values is None:
                return None
            for key, value in values.items():
                message = message.replace(f"{{{key}}}", value)
        return message

    def link(self, index: ProjectIndex | None, path: str, outcome: FileOutcome) -> FileOutcome:
        """Decide the pending findings, apply the suppressions, one finding per place and rule."""
        raw = list(outcome.findings)
        for line, column, rule, template, severity, requirements in outcome.pending:
            message = self._decide(index, path, template, requirements)
            if message is not None:
                raw.append((line, column, rule, message, severity))
        if outcome.suppressions:
            raw = apply_suppressions(
                raw,
                [
                    Suppression(line, column, None if codes is None else frozenset(codes))
                    for line, column, codes in outcome.suppressions
                ],
                unused_code=self.unused_suppression,
                prefix=self.prefix,
                known_codes=self.known_codes,
                selected=self.selected,
            )
        unique: dict[tuple[int, int, str], RawFinding] = {}
        for finding in sorted(raw):
            unique.setdefault(finding[:3], finding)
        return FileOutcome(findings=tuple(unique.values()), error=outcome.error)


class _Columns:
    """Turns ast's 0-based UTF-8 byte offsets into 1-based character columns."""

    def __init__(self, source: bytes) -> None:
        # bytes.splitlines() breaks on the same line endings as the tokenizer, unlike str's.
        self.lines = source.splitlines()
        self.source = source
        self._encoding: str | None = None

    def character_column(self, line: int, offset: int) -> int:
        if not 0 < line <= len(self.lines):
            return offset + 1
        raw = self.lines[line - 1]
        if raw.isascii():
            return offset + 1
        text = raw.decode(self._detect_encoding(), errors="replace").lstrip("\ufeff")
        return len(text.encode("utf-8")[:offset].decode("utf-8", errors="replace")) + 1

    def _detect_encoding(self) -> str:
        if self._encoding is None:
            try:
                self._encoding, _ = tokenize.detect_encoding(io.BytesIO(self.source).readline)
            except SyntaxError:
                self._encoding = "utf-8"
        return self._encoding


@functools.cache
def _validator_sources_digest() -> str:
    """Digest of the validator package's own source, so editing a rule invalidates caches."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
