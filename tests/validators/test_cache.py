"""The content-keyed result cache."""

from __future__ import annotations

from pathlib import Path

from scaffold.validators.cache import ResultCache, content_key, default_cache_dir
from scaffold.validators.checker import FileOutcome


def test_round_trip_through_disk(tmp_path: Path) -> None:
    outcome = FileOutcome(findings=((3, 5, "SA101", "message", "error"),))
    failed = FileOutcome(error=("syntax error: invalid syntax", 2, 7))
    cache = ResultCache(tmp_path, "stateless", "f" * 64)
    cache.put("a", outcome)
    cache.put("b", failed)
    cache.save()
    reloaded = ResultCache(tmp_path, "stateless", "f" * 64)
    assert reloaded.get("a") == outcome
    assert reloaded.get("b") == failed
    assert reloaded.get("c") is None
    assert (tmp_path / ".gitignore").read_text() == "*\n"


def test_other_fingerprint_does_not_see_entries(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "stateless", "a" * 64)
    cache.put("k", FileOutcome())
    cache.save()
    assert ResultCache(tmp_path, "stateless", "b" * 64).get("k") is None


def test_corrupt_cache_file_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "stateless", "a" * 64)
    cache.path.write_text("{not json", encoding="utf-8")
    assert ResultCache(tmp_path, "stateless", "a" * 64).get("k") is None


def test_unwritable_directory_means_no_cache_not_a_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache = ResultCache(blocker / "sub", "stateless", "a" * 64)
    cache.put("k", FileOutcome())
    cache.save()  # must not raise


def test_old_configurations_are_pruned(tmp_path: Path) -> None:
    for fingerprint in "abcdef":
        cache = ResultCache(tmp_path, "stateless", fingerprint * 64)
        cache.put("k", FileOutcome())
        cache.save()
    assert len(list(tmp_path.glob("stateless-*.json"))) == 4


def test_content_key_depends_on_content_only() -> None:
    assert content_key(b"x = 1\n") == content_key(b"x = 1\n")
    assert content_key(b"x = 1\n") != content_key(b"x = 2\n")


def test_default_directory(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SCAFFOLD_CACHE_DIR", raising=False)
    assert default_cache_dir(tmp_path) == tmp_path / ".scaffold-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir(None) == tmp_path / "xdg" / "scaffold"
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "override"))
    assert default_cache_dir(tmp_path) == tmp_path / "override"
