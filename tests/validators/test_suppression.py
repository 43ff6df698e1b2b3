"""`# scaffold: ignore[CODE]`: suppresses on its line; reported when it suppresses nothing."""

from __future__ import annotations

from tests.validators.conftest import check_snippet


def rules(source: str, **overrides: object) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in check_snippet(source, **overrides)]  # type: ignore[arg-type]


def test_suppression_with_the_code_silences_the_finding() -> None:
    source = """\
    _seen = set()

    def mark(key):
        _seen.add(key)  # scaffold: ignore[SA101]
    """
    assert rules(source) == []


def test_bare_suppression_silences_every_rule_on_the_line() -> None:
    source = """\
    _seen = set()

    def mark(key):
        _seen.add(key)  # scaffold: ignore
    """
    assert rules(source) == []


def test_suppression_for_another_code_does_not_silence_and_is_unused() -> None:
    source = """\
    _seen = set()

    def mark(key):
        _seen.add(key)  # scaffold: ignore[SA109]
    """
    assert rules(source) == [(4, "SA101"), (4, "SA100")]


def test_unused_suppression_is_a_warning() -> None:
    findings = check_snippet("x = 1  # scaffold: ignore[SA101]\n")
    assert [(f.rule, f.severity, f.column) for f in findings] == [("SA100", "warning", 8)]


def test_unknown_code_with_the_checker_prefix_is_reported() -> None:
    findings = check_snippet("x = 1  # scaffold: ignore[SA199]\n")
    assert [f.rule for f in findings] == ["SA100"]
    assert "unknown rule code `SA199`" in findings[0].message


def test_codes_of_other_checkers_are_left_alone() -> None:
    assert rules("x = 1  # scaffold: ignore[B006]\n") == []


def test_marker_inside_a_string_is_not_a_suppression() -> None:
    source = """\
    _seen = set()

    def mark(key):
        _seen.add("# scaffold: ignore[SA101]")
    """
    assert rules(source) == [(4, "SA101")]


def test_unused_suppression_is_not_reported_when_sa100_is_ignored() -> None:
    assert rules("x = 1  # scaffold: ignore[SA101]\n", ignore=["SA100"]) == []


def test_suppression_of_a_rule_that_did_not_run_is_not_unused() -> None:
    assert rules("x = 1  # scaffold: ignore[SA101]\n", select=["SA100", "SA102"]) == []
