"""Every rule's own examples: invalid ones are flagged with the rule's code, valid ones are clean.

The same examples generate the rule reference for agents, so this test is also what keeps the
documentation honest.
"""

from __future__ import annotations

import pytest

from scaffold.validators import stateless
from scaffold.validators.findings import RuleInfo
from scaffold.validators.rules.stateless import RULES
from tests.validators.conftest import check_snippet

INFOS = stateless.rule_infos()
INVALID = [(info, n, example) for info in INFOS for n, example in enumerate(info.invalid, 1)]
VALID = [(info, n, example) for info in INFOS for n, example in enumerate(info.valid, 1)]


@pytest.mark.parametrize(
    ("info", "number", "example"), INVALID, ids=[f"{i.code}-invalid-{n}" for i, n, _ in INVALID]
)
def test_invalid_example_is_flagged(info: RuleInfo, number: int, example: str) -> None:
    findings = check_snippet(example)
    assert info.code in {finding.rule for finding in findings}, findings


@pytest.mark.parametrize(
    ("info", "number", "example"), VALID, ids=[f"{i.code}-valid-{n}" for i, n, _ in VALID]
)
def test_valid_example_is_clean_for_every_rule(info: RuleInfo, number: int, example: str) -> None:
    assert check_snippet(example) == []


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_every_family_has_enough_examples(rule: object) -> None:
    info = stateless.rule_info(rule.code)  # type: ignore[attr-defined]
    assert len(info.invalid) >= 4
    assert len(info.valid) >= 6
    assert info.rationale and info.fix and info.summary


def test_rule_codes_are_stable() -> None:
    assert [info.code for info in INFOS] == [f"SA1{n:02d}" for n in range(12)]
    names = [info.name for info in INFOS]
    assert len(set(names)) == len(names)


def test_invalid_findings_point_inside_the_example() -> None:
    for info, _, example in INVALID:
        line_count = len(example.splitlines())
        for finding in check_snippet(example):
            assert 1 <= finding.line <= line_count, (info.code, finding)
            assert finding.column >= 1
