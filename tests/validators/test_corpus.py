"""The corpus: realistic agent files, stateful ones must be caught, stateless ones left alone.

Stateful files start with `# expect: SA1xx[, ...]`, the rule codes that must be among their
findings; stateless files must produce no finding at all (and must parse).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scaffold.validators import stateless

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "stateless"
STATEFUL = sorted((CORPUS / "stateful").glob("*.py"))
STATELESS = sorted((CORPUS / "stateless").glob("*.py"))


def _expected(path: Path) -> set[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (SA\d{3}(?:, SA\d{3})*)", first)
    assert match, f"{path.name} must start with '# expect: SA1xx'"
    return set(match.group(1).split(", "))


def test_corpus_is_large_enough() -> None:
    assert len(STATEFUL) >= 25
    assert len(STATELESS) >= 25


@pytest.mark.parametrize("path", STATEFUL, ids=[p.stem for p in STATEFUL])
def test_stateful_file_is_caught(path: Path) -> None:
    result = stateless.check([path], use_cache=False)
    assert result.errors == []
    assert result.files_checked == 1
    found = {finding.rule for finding in result.findings}
    assert len(result.findings) >= 1
    assert _expected(path) <= found, found


@pytest.mark.parametrize("path", STATELESS, ids=[p.stem for p in STATELESS])
def test_stateless_file_is_not_flagged(path: Path) -> None:
    result = stateless.check([path], use_cache=False)
    assert result.errors == []
    assert result.files_checked == 1
    assert result.findings == []


def test_whole_corpus_in_one_parallel_run_matches_per_file_runs() -> None:
    result = stateless.check([CORPUS / "stateful", CORPUS / "stateless"], use_cache=False, jobs=2)
    assert result.files_checked == len(STATEFUL) + len(STATELESS)
    flagged = {Path(finding.path).resolve() for finding in result.findings}
    assert flagged == {path.resolve() for path in STATEFUL}
