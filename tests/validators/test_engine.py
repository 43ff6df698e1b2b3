"""The engine: parallel runs, parse errors, per-path ignores, the cache, --changed-since."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scaffold.errors import UserError
from scaffold.validators import engine, stateless
from scaffold.validators.checker import FileOutcome
from tests.validators.conftest import CLEAN_SNIPPET, STATEFUL_SNIPPET


def make_tree(root: Path, count: int) -> None:
    for number in range(count):
        body = STATEFUL_SNIPPET if number % 3 == 0 else CLEAN_SNIPPET
        (root / "app" / f"module_{number:03d}.py").write_text(body * 40, encoding="utf-8")


def test_parallel_run_equals_serial_run(project_dir: Path) -> None:
    make_tree(project_dir, 60)
    serial = stateless.check(cwd=project_dir, use_cache=False, jobs=1)
    parallel = stateless.check(cwd=project_dir, use_cache=False, jobs=2)
    assert serial.files_checked == parallel.files_checked == 61
    assert serial.findings == parallel.findings
    assert len(serial.findings) == 20 * 40


def test_file_that_does_not_parse_is_reported_and_the_run_goes_on(project_dir: Path) -> None:
    (project_dir / "app" / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    (project_dir / "app" / "state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    result = stateless.check(cwd=project_dir, use_cache=False)
    assert [(e.path, e.line) for e in result.errors] == [("app/broken.py", 1)]
    assert "syntax error" in result.errors[0].message
    assert [f.path for f in result.findings] == ["app/state.py"]
    assert result.files_checked == 3


def test_per_path_ignores(project_dir: Path) -> None:
    (project_dir / "pyproject.toml").write_text(
        '[tool.scaffold.stateless]\nper-path-ignores = { "app/scripts/*.py" = ["SA101"] }\n',
        encoding="utf-8",
    )
    (project_dir / "app" / "scripts").mkdir()
    (project_dir / "app" / "scripts" / "seed.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    (project_dir / "app" / "state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    result = stateless.check(cwd=project_dir, use_cache=False)
    assert [f.path for f in result.findings] == ["app/state.py"]


def test_columns_count_characters_on_non_ascii_lines(project_dir: Path) -> None:
    (project_dir / "app" / "state.py").write_text(
        '_h = []\n\n\ndef f(t):\n    é = "ü"; _h.append(t)\n', encoding="utf-8"
    )
    (finding,) = stateless.check(cwd=project_dir, use_cache=False).findings
    # `_h` is the 14th character but starts at byte 15 (é and ü take two bytes each).
    assert (finding.line, finding.column) == (5, 14)


class ExplodingChecker(stateless.StatelessChecker):
    def check_source(self, source: bytes, filename: str) -> FileOutcome:
        raise AssertionError(f"{filename} should have come from the cache")


def test_unchanged_files_come_from_the_cache(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(project_dir, 5)
    cache = project_dir / "cache"
    first = stateless.check(cwd=project_dir, cache_dir=cache)
    assert list(cache.glob("stateless-*.json"))

    original = stateless.make_checker

    def exploding(config):  # type: ignore[no-untyped-def]
        checker = original(config)
        checker.__class__ = ExplodingChecker
        return checker

    monkeypatch.setattr(stateless, "make_checker", exploding)
    second = stateless.check(cwd=project_dir, cache_dir=cache)
    assert second.findings == first.findings
    assert second.files_checked == first.files_checked

    # A changed file is checked again (and the checker is called for it only).
    (project_dir / "app" / "module_001.py").write_text("y = 2\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"module_001\.py should have come from the cache"):
        stateless.check(cwd=project_dir, cache_dir=cache)


def test_configuration_change_invalidates_the_cache(project_dir: Path) -> None:
    (project_dir / "app" / "state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    cache = project_dir / "cache"
    assert stateless.check(cwd=project_dir, cache_dir=cache).findings
    (project_dir / "pyproject.toml").write_text(
        '[tool.scaffold.stateless]\nignore = ["SA101"]\n', encoding="utf-8"
    )
    assert stateless.check(cwd=project_dir, cache_dir=cache).findings == []
    (project_dir / "pyproject.toml").write_text(
        '[tool.scaffold.stateless]\nallowed-globals = ["_history"]\n', encoding="utf-8"
    )
    assert stateless.check(cwd=project_dir, cache_dir=cache).findings == []


def test_no_cache_writes_nothing(project_dir: Path) -> None:
    (project_dir / "app" / "state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    stateless.check(cwd=project_dir, use_cache=False)
    assert not (project_dir / ".scaffold-cache").exists()
    stateless.check(cwd=project_dir)
    assert list((project_dir / ".scaffold-cache").glob("stateless-*.json"))


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_changed_since_checks_changed_and_untracked_files_only(project_dir: Path) -> None:
    for name in ("old.py", "edited.py"):
        (project_dir / "app" / name).write_text(STATEFUL_SNIPPET, encoding="utf-8")
    git(project_dir, "init", "-q")
    git(project_dir, "add", ".")
    git(project_dir, "commit", "-q", "-m", "initial")
    (project_dir / "app" / "edited.py").write_text(STATEFUL_SNIPPET + "\n", encoding="utf-8")
    (project_dir / "app" / "new.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    result = stateless.check(cwd=project_dir, use_cache=False, changed_since="HEAD")
    assert sorted({f.path for f in result.findings}) == ["app/edited.py", "app/new.py"]
    assert result.files_checked == 2


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x", ""])
def test_changed_since_bad_ref_is_a_user_error(project_dir: Path, ref: str) -> None:
    git(project_dir, "init", "-q")
    git(project_dir, "commit", "-q", "--allow-empty", "-m", "initial")
    with pytest.raises(UserError) as caught:
        stateless.check(cwd=project_dir, use_cache=False, changed_since=ref)
    assert caught.value.code == "bad_git_ref"


def test_changed_since_outside_a_repository_is_a_user_error(project_dir: Path) -> None:
    with pytest.raises(UserError) as caught:
        stateless.check(cwd=project_dir, use_cache=False, changed_since="HEAD")
    assert "not inside a git work tree" in caught.value.message


def test_small_runs_stay_in_process() -> None:
    items = [engine._Pending(None, b"x = 1\n", "k")]  # type: ignore[arg-type]
    assert engine._worker_count(0, items * 3) == 1
    assert engine._worker_count(1, items * 100) == 1


def test_columns_in_a_latin_1_file(project_dir: Path) -> None:
    source = '# -*- coding: latin-1 -*-\n_h = []\n\n\ndef f(t):\n    s = "\xe9"; _h.append(t)\n'
    (project_dir / "app" / "state.py").write_bytes(source.encode("latin-1"))
    (finding,) = stateless.check(cwd=project_dir, use_cache=False).findings
    assert (finding.line, finding.column) == (6, 14)  # é is one byte in latin-1, two in UTF-8


def test_absurd_nesting_is_a_file_error_not_a_crash(project_dir: Path) -> None:
    (project_dir / "app" / "deep.py").write_text("x = " + "-" * 100_000 + "1\n")
    (error,) = stateless.check(cwd=project_dir, use_cache=False).errors
    assert error.message == "cannot parse: expressions nested too deeply"


def test_a_crashing_rule_is_reported_and_the_others_still_run(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scaffold.validators.rules.stateless.mutable_defaults import MutableDefaultRule

    def explode(self: object, module: object, options: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(MutableDefaultRule, "check", explode)
    (project_dir / "app" / "state.py").write_text(STATEFUL_SNIPPET, encoding="utf-8")
    result = stateless.check(cwd=project_dir, use_cache=False, jobs=1)
    assert [f.rule for f in result.findings] == ["SA101"]
    assert [e.message for e in result.errors] == [
        "internal error in rule SA109 (RuntimeError: boom): please report it"
    ] * 2
