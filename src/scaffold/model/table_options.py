"""Table-level options of a resource: composite indexes and unique constraints, named check
constraints, soft delete and many-to-many links (`scaffold model --index a,b --unique a,b
--check "price >= 0" --soft-delete --many-to-many Tag`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scaffold.errors import SpecError
from scaffold.model.links import Link
from scaffold.model.naming import (
    MAX_IDENTIFIER_BYTES,
    ResourceNames,
    check_identifier,
    is_identifier,
    pascal_case,
    shorten,
)
from scaffold.model.spec import ResourceSpec

_OPERATORS = {">=": "ge", "<=": "le", "<>": "ne", "!=": "ne", ">": "gt", "<": "lt", "=": "eq"}
# What a check expression may contain besides column names and literals.
_SQL_WORDS = {
    "and", "or", "not", "is", "null", "in", "like", "between", "true", "false",
    "length", "char_length", "lower", "upper", "trim", "abs", "coalesce",
}  # fmt: skip
_CHECK_TOKEN = re.compile(
    r"\s*(?:(?P<word>[A-Za-z_]\w*)|'(?:[^']|'')*'|\d+(?:\.\d+)?|[()<>=!,+\-*/%]+)"
)


@dataclass(frozen=True)
class Check:
    name: str  # without the ck_<table>_ prefix the naming convention adds
    expression: str


@dataclass(frozen=True)
class TableOptions:
    indexes: tuple[tuple[str, ...], ...] = ()
    uniques: tuple[tuple[str, ...], ...] = ()
    checks: tuple[Check, ...] = ()
    soft_delete: bool = False
    many_to_many: tuple[str, ...] = ()  # class names of the other side

    def as_manifest(self) -> dict[str, Any]:
        """The non-default options, for the manifest (so re-runs and related edits re-render)."""
        data: dict[str, Any] = {}
        if self.indexes:
            data["indexes"] = [list(i) for i in self.indexes]
        if self.uniques:
            data["uniques"] = [list(u) for u in self.uniques]
        if self.checks:
            data["checks"] = [c.expression for c in self.checks]
        if self.soft_delete:
            data["soft_delete"] = True
        if self.many_to_many:
            data["many_to_many"] = list(self.many_to_many)
        return data


@dataclass(frozen=True)
class RawOptions:
    """The options as typed on the command line (or read back from the manifest)."""

    indexes: list[str] = field(default_factory=list)  # "a,b"
    uniques: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    soft_delete: bool = False
    many_to_many: list[str] = field(default_factory=list)

    @classmethod
    def from_manifest(cls, data: dict[str, Any]) -> RawOptions:
        return cls(
            indexes=[",".join(i) for i in data.get("indexes", [])],
            uniques=[",".join(u) for u in data.get("uniques", [])],
            checks=list(data.get("checks", [])),
            soft_delete=bool(data.get("soft_delete", False)),
            many_to_many=list(data.get("many_to_many", [])),
        )


def parse_options(raw: RawOptions, spec: ResourceSpec) -> TableOptions:
    """Validate the options against the resource's columns."""
    columns = {f.column for f in spec.fields}
    return TableOptions(
        indexes=tuple(_columns(item, columns, "--index", spec) for item in raw.indexes),
        uniques=tuple(_columns(item, columns, "--unique", spec) for item in raw.uniques),
        checks=_checks(raw.checks, columns, spec),
        soft_delete=raw.soft_delete,
        many_to_many=tuple(_many_to_many(raw.many_to_many, spec)),
    )


def _columns(item: str, columns: set[str], option: str, spec: ResourceSpec) -> tuple[str, ...]:
    names = tuple(part.strip() for part in item.split(",") if part.strip())
    if len(names) < 2:
        raise SpecError(
            f"{option} {item!r} names {len(names)} column(s): composite ones need two or more",
            f"write {option} a,b; a single column takes :index or :unique in its field spec",
        )
    for name in names:
        if name not in columns:
            known = ", ".join(sorted(columns))
            raise SpecError(
                f"{option} {item!r}: {spec.names.class_name} has no column {name!r}",
                f"use its columns: {known}",
            )
    if len(set(names)) != len(names):
        raise SpecError(f"{option} {item!r} repeats a column", "name each column once")
    return names


def _checks(expressions: list[str], columns: set[str], spec: ResourceSpec) -> tuple[Check, ...]:
    checks: list[Check] = []
    for expression in expressions:
        used = _check_words(expression, columns, spec)
        slug = expression
        for operator, word in _OPERATORS.items():
            slug = slug.replace(operator, f" {word} ")
        name = re.sub(r"[^a-z0-9]+", "_", slug.lower()).strip("_")[:40] or "check"
        if not used:
            raise SpecError(
                f"--check {expression!r} uses none of {spec.names.class_name}'s columns",
                "write a condition on its columns, e.g. --check 'price >= 0'",
            )
        if any(c.name == name for c in checks):
            raise SpecError(f"--check {expression!r} is given twice", "give each check once")
        checks.append(Check(name, expression.strip()))
    return tuple(checks)


def _check_words(expression: str, columns: set[str], spec: ResourceSpec) -> set[str]:
    position, used = 0, set()
    text = expression.rstrip()
    while position < len(text):
        match = _CHECK_TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise SpecError(
                f"--check {expression!r}: cannot read it at {text[position : position + 12]!r}",
                "use columns, numbers, 'strings', comparisons, AND/OR/NOT, IS NULL, IN (...)",
            )
        word = match["word"]
        if word is not None:
            if word in columns:
                used.add(word)
            elif word.lower() not in _SQL_WORDS:
                raise SpecError(
                    f"--check {expression!r}: {word!r} is not a column of {spec.names.class_name}",
                    f"use its columns: {', '.join(sorted(columns))}",
                )
        position = match.end()
    return used


def _many_to_many(targets: list[str], spec: ResourceSpec) -> list[str]:
    out: list[str] = []
    for target in targets:
        if not is_identifier(target):
            raise SpecError(
                f"--many-to-many {target!r} is not a model name", "e.g. --many-to-many Tag"
            )
        name = ResourceNames.derive(target).class_name
        if name == spec.names.class_name:
            raise SpecError(
                f"--many-to-many {target}: a model cannot link to itself here",
                "link two different models",
            )
        if name in out:
            raise SpecError(f"--many-to-many {target} is given twice", "give each once")
        _check_link_names(Link(spec.names, ResourceNames.derive(target)), target)
        out.append(name)
    return out


def _check_link_names(link: Link, target: str) -> None:
    """The link table `<owner>_<other>_link` is an identifier PostgreSQL must keep whole (its
    columns, `<owner>_id` and `<other>_id`, are shorter)."""
    excess = len(link.table) - MAX_IDENTIFIER_BYTES
    if len(link.other.table) > excess:
        room = len(link.other.table) - excess
        shorter = f"--many-to-many {pascal_case(shorten(link.other.module, room))}"
    else:
        shorter = f"a model name of {len(link.owner.table) - excess} characters or fewer"
    check_identifier(
        link.table, "link table", f"--many-to-many {target} on {link.owner.class_name}", shorter
    )
