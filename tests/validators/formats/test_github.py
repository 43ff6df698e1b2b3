"""`--format github`: workflow-command annotations."""

from __future__ import annotations

from scaffold.validators import stateless
from scaffold.validators.findings import CheckResult, FileError, Finding
from scaffold.validators.formats import github


def test_annotations_for_findings_and_errors() -> None:
    result = CheckResult(
        findings=[
            Finding("app/chat.py", 12, 5, "SA101", "dict `x` is changed", "error"),
            Finding("app/a,b.py", 3, 1, "SA100", "unused: 100%\nremove it", "warning"),
        ],
        errors=[FileError("app/broken.py", "syntax error: invalid syntax", 3, 7)],
    )
    assert github.render(result, stateless.rule_infos()).splitlines() == [
        "::error file=app/broken.py,title=scaffold%3A file not checked,line=3"
        "::syntax error: invalid syntax",
        "::error file=app/chat.py,line=12,col=5,title=SA101 module-mutable-state"
        "::dict `x` is changed",
        "::warning file=app/a%2Cb.py,line=3,col=1,title=SA100 unused-suppression"
        "::unused: 100%25%0Aremove it",
    ]


def test_clean_run_prints_nothing() -> None:
    assert github.render(CheckResult(files_checked=4), stateless.rule_infos()) == ""
