"""The multi-module corpus: small projects whose state crosses module boundaries.

Each folder under `tests/corpus/stateless/projects/{stateful,stateless}/` is a tiny project (a
pyproject.toml and its packages). In a stateful case, a file starting with
`# expect: SA1xx[, ...]` must report at least those codes and every other file must report
nothing; in a stateless case no file may report anything. Each case is checked as its own
project, from its own folder, the way `scaffold check stateless` runs inside a project.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from scaffold.validators import stateless
from scaffold.validators.config import DEFAULT_EXCLUDE
from scaffold.validators.findings import CheckResult

PROJECTS = Path(__file__).resolve().parents[1] / "corpus" / "stateless" / "projects"
STATEFUL = sorted(path for path in (PROJECTS / "stateful").iterdir() if path.is_dir())
STATELESS = sorted(path for path in (PROJECTS / "stateless").iterdir() if path.is_dir())
EXPECT_LINE = re.compile(r"# expect: (SA\d{3}(?:, SA\d{3})*)")
# Folder names the default excludes skip (tests/, build/...): their files are not checked.
EXCLUDED_DIRS = frozenset(name for name in DEFAULT_EXCLUDE if "/" not in name and "*" not in name)


def _python_files(case: Path) -> list[Path]:
    """The case's files a run checks: every .py file outside excluded folders."""
    return sorted(
        path
        for path in case.rglob("*.py")
        if not EXCLUDED_DIRS & set(path.relative_to(case).parts[:-1])
    )


def _expectations(case: Path, base: Path | None = None) -> dict[str, set[str]]:
    """Expected codes of each file with an expect line, by its path relative to `base`."""
    expected: dict[str, set[str]] = {}
    for path in _python_files(case):
        first = path.read_text(encoding="utf-8").partition("\n")[0]
        if not first.startswith("# expect"):
            continue
        match = EXPECT_LINE.fullmatch(first)
        assert match, f"{path}: malformed expect line {first!r}"
        expected[path.relative_to(base or case).as_posix()] = set(match.group(1).split(", "))
    return expected


def _by_file(result: CheckResult) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in result.findings:
        found.setdefault(finding.path, set()).add(finding.rule)
    return found


def _listing(result: CheckResult) -> str:
    lines = [f"  {f.path}:{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings]
    return "\n".join(lines) or "  (no findings)"


def _mismatches(expected: dict[str, set[str]], result: CheckResult) -> list[str]:
    """What differs between a stateful case's expect lines and its findings."""
    found = _by_file(result)
    problems = [
        f"{path}: expected {sorted(codes)}, found {sorted(found.get(path, set())) or 'nothing'}"
        for path, codes in sorted(expected.items())
        if not codes <= found.get(path, set())
    ]
    problems += [
        f"{path}: no expect line, but found {sorted(codes)}"
        for path, codes in sorted(found.items())
        if path not in expected
    ]
    return problems


def _check(case: Path) -> CheckResult:
    result = stateless.check([case], cwd=case, use_cache=False)
    assert result.errors == [], result.errors
    assert result.files_checked == len(_python_files(case))
    return result


def test_corpus_is_large_enough() -> None:
    assert len(STATEFUL) >= 20
    assert len(STATELESS) >= 20


@pytest.mark.parametrize("case", STATEFUL + STATELESS, ids=lambda case: case.name)
def test_case_is_a_project(case: Path) -> None:
    project = tomllib.loads((case / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == case.name
    assert len(_python_files(case)) >= 2
    if case.parent.name == "stateful":
        assert _expectations(case), "a stateful case needs at least one expect line"
    else:
        assert _expectations(case) == {}, "stateless cases have no expect lines"


@pytest.mark.parametrize("case", STATEFUL, ids=lambda case: case.name)
def test_stateful_project_is_caught_where_expected(case: Path) -> None:
    result = _check(case)
    problems = _mismatches(_expectations(case), result)
    assert not problems, "\n".join([*problems, "findings:", _listing(result)])


@pytest.mark.parametrize("case", STATELESS, ids=lambda case: case.name)
def test_stateless_project_is_not_flagged(case: Path) -> None:
    result = _check(case)
    assert result.findings == [], f"findings:\n{_listing(result)}"


def test_all_stateful_projects_in_one_parallel_run() -> None:
    """One run over every stateful case at once still flags each expect file.

    The folder's own pyproject.toml makes the run one big project rooted there (otherwise the
    root would be the repository and every corpus path a test path): cases share module
    names (`app.store`...), so imports must resolve from each importing file's folder.
    """
    root = PROJECTS / "stateful"
    result = stateless.check([root], cwd=root, use_cache=False, jobs=2)
    assert result.errors == [], result.errors
    assert result.files_checked == sum(len(_python_files(case)) for case in STATEFUL)
    expected: dict[str, set[str]] = {}
    for case in STATEFUL:
        expected |= _expectations(case, base=root)
    found = _by_file(result)
    missed = sorted(path for path in expected if path not in found)
    assert not missed, "\n".join(["not flagged:", *missed, "findings:", _listing(result)])
