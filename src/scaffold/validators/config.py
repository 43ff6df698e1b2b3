"""`[tool.scaffold.stateless]` in pyproject.toml: which rules run, on which files, with what.

Every key is optional:

    [tool.scaffold.stateless]
    select = ["SA1"]                 # codes or code prefixes; default: every rule
    ignore = ["SA105"]
    exclude = ["scripts"]             # replaces the default excludes
    extend-exclude = ["app/legacy"]   # adds to them
    per-path-ignores = { "app/cli/*.py" = ["SA108"] }
    extra-in-memory-classes = ["mylib.memory.LocalMemory"]
    allowed-globals = ["_metrics"]

Unknown keys, wrong types and unknown rule codes are user errors, so a typo never silently
switches a rule off.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.errors import UserError

# Never agent code: tool caches, virtual environments, build output, tests, migrations.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    ".venv",
    "venv",
    ".direnv",
    ".pyenv",
    "__pypackages__",
    ".tox",
    ".nox",
    "__pycache__",
    "node_modules",
    "site-packages",
    "build",
    "_build",
    "buck-out",
    "dist",
    ".eggs",
    ".cache",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".pytype",
    ".ipynb_checkpoints",
    ".idea",
    ".vscode",
    ".scaffold-cache",
    "migrations",
    "**/alembic/versions",
    "tests",
    "test",
    "conftest.py",
    "test_*.py",
    "*_test.py",
)

_KEYS = frozenset(
    {
        "select",
        "ignore",
        "exclude",
        "extend-exclude",
        "per-path-ignores",
        "extra-in-memory-classes",
        "allowed-globals",
    }
)


@dataclass(frozen=True, slots=True)
class StatelessConfig:
    """The effective configuration of one `scaffold check stateless` run."""

    root: Path
    source: Path | None = None
    select: frozenset[str] = frozenset()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    per_path_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    extra_in_memory_classes: frozenset[str] = frozenset()
    allowed_globals: frozenset[str] = frozenset()
    raw: Mapping[str, Any] = field(default_factory=dict)


def find_project_root(start: Path) -> Path | None:
    """The nearest directory at or above `start` holding a pyproject.toml."""
    current = start.resolve()
    for candidate in (current, *current.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return None


def expand_codes(selectors: Iterable[str], known: Iterable[str], *, origin: str) -> set[str]:
    """Turn codes and prefixes (`SA1`, `SA105`, `ALL`) into the set of rule codes they name."""
    known_codes = sorted(known)
    codes: set[str] = set()
    for selector in selectors:
        wanted = selector.strip().upper()
        if not wanted:
            continue
        if wanted == "ALL":
            codes.update(known_codes)
            continue
        matched = [code for code in known_codes if code.startswith(wanted)]
        if not matched:
            raise UserError(
                f"unknown rule code {selector!r} in {origin}",
                f"known codes: {', '.join(known_codes)} (see `scaffold check stateless "
                "--list-rules`)",
                code="unknown_rule",
            )
        codes.update(matched)
    return codes


def load_config(
    root: Path,
    known_codes: Iterable[str],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> StatelessConfig:
    """Read `[tool.scaffold.stateless]` from `root/pyproject.toml` and apply CLI overrides.

    Args:
        root: The project root (or the working directory when there is no project).
        known_codes: Every rule code the checker offers.
        select: Codes from `--select`; they replace the configured selection.
        ignore: Codes from `--ignore`; they add to the configured ignores.

    Raises:
        UserError: The file is not valid TOML, or the table has unknown keys, wrong types or
            unknown rule codes.
    """
    known = sorted(known_codes)
    pyproject = root / "pyproject.toml"
    table: Mapping[str, Any] = {}
    source: Path | None = None
    if pyproject.is_file():
        try:
            document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UserError(
                f"{pyproject} is not valid TOML: {exc}",
                "fix the file; `python -m tomllib` style errors give the line",
                code="bad_config",
            ) from exc
        section = document.get("tool", {}).get("scaffold", {}).get("stateless", {})
        if not isinstance(section, dict):
            raise _bad(pyproject, "[tool.scaffold.stateless] must be a table")
        table = section
        source = pyproject if section else None
    where = f"{pyproject} [tool.scaffold.stateless]"
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise UserError(
            f"unknown key(s) {', '.join(unknown)} in {where}",
            f"valid keys: {', '.join(sorted(_KEYS))}",
            code="bad_config",
        )
    selected = expand_codes(_strings(table, "select", where) or ["ALL"], known, origin=where)
    if select is not None:
        selected = expand_codes(select, known, origin="--select")
    ignored = expand_codes(_strings(table, "ignore", where), known, origin=where)
    ignored |= expand_codes(ignore, known, origin="--ignore")
    exclude = tuple(_strings(table, "exclude", where)) if "exclude" in table else DEFAULT_EXCLUDE
    exclude += tuple(_strings(table, "extend-exclude", where))
    return StatelessConfig(
        root=root,
        source=source,
        select=frozenset(selected - ignored),
        exclude=exclude,
        per_path_ignores=_per_path_ignores(table, where, known),
        extra_in_memory_classes=frozenset(_strings(table, "extra-in-memory-classes", where)),
        allowed_globals=frozenset(_strings(table, "allowed-globals", where)),
        raw=dict(table),
    )


def _strings(table: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _bad(where, f"`{key}` must be a list of strings")
    return list(value)


def _per_path_ignores(
    table: Mapping[str, Any], where: str, known: list[str]
) -> tuple[tuple[str, frozenset[str]], ...]:
    value = table.get("per-path-ignores", {})
    if not isinstance(value, dict):
        raise _bad(where, "`per-path-ignores` must be a table of glob = [codes]")
    pairs: list[tuple[str, frozenset[str]]] = []
    for pattern, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise _bad(where, f"`per-path-ignores.{pattern}` must be a list of rule codes")
        expanded = expand_codes(codes, known, origin=f"{where} per-path-ignores")
        pairs.append((pattern, frozenset(expanded)))
    return tuple(pairs)


def _bad(where: object, message: str) -> UserError:
    return UserError(
        f"{message} in {where}",
        "see `scaffold check stateless --help` for the configuration keys",
        code="bad_config",
    )
