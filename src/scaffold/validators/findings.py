"""What every validator reports: findings on lines, errors on files, and the run's result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem at one place in one file.

    `line` and `column` are 1-based; `column` counts characters, not bytes, so editors and SARIF
    viewers put the caret in the right place on non-ASCII lines.
    """

    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = "error"

    def as_dict(self) -> dict[str, Any]:
        """The finding as the JSON object of the `--json` contract."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be checked (unreadable, not UTF-8, a syntax error)."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The error as the JSON object of the `--json` contract (`path`, `message`)."""
        return {"path": self.path, "message": self.message}


@dataclass(slots=True)
class CheckResult:
    """Everything one run found, sorted by path, line and column."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files_checked: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The `data` object of the `--json` document."""
        return {
            "findings": [finding.as_dict() for finding in self.findings],
            "files_checked": self.files_checked,
            "errors": [error.as_dict() for error in self.errors],
        }


class DescribedRule(Protocol):
    """What a rule class of any validator declares about itself (read-only)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def rationale(self) -> str: ...
    @property
    def fix(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def invalid(self) -> tuple[str, ...]: ...
    @property
    def valid(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What reports need to know about a rule (SARIF rule metadata, `--list-rules`)."""

    code: str
    name: str
    summary: str
    rationale: str
    fix: str
    severity: Severity = "error"
    invalid: tuple[str, ...] = ()
    valid: tuple[str, ...] = ()

    @classmethod
    def of(cls, rule: DescribedRule) -> RuleInfo:
        """The description a rule class (of any validator) gives of itself."""
        return cls(
            code=rule.code,
            name=rule.name,
            summary=rule.summary,
            rationale=rule.rationale,
            fix=rule.fix,
            severity=rule.severity,
            invalid=rule.invalid,
            valid=rule.valid,
        )

    def as_dict(self, *, examples: bool = False) -> dict[str, Any]:
        """The rule as JSON; with `examples`, its invalid and valid examples too."""
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "summary": self.summary,
            "severity": self.severity,
        }
        if examples:
            data["rationale"] = self.rationale
            data["fix"] = self.fix
            data["invalid"] = list(self.invalid)
            data["valid"] = list(self.valid)
        return data
