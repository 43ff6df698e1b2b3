"""Results cached by file content, so an unchanged tree is re-checked almost instantly.

One JSON file per checker configuration: its name carries the checker's fingerprint (scaffold
version, validator sources, selected rules, options), so a configuration change starts a fresh
cache. Inside, entries are keyed by a digest of the file's bytes, so renames and checkouts of
old content hit the cache too. Writing is atomic (write then rename) and best effort: a
read-only or full disk means no cache, never a failed run.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from scaffold.validators.checker import FileOutcome

FORMAT_VERSION = 1
MAX_ENTRIES = 20_000
KEEP_FILES = 4


def default_cache_dir(project_root: Path | None) -> Path:
    """`.scaffold-cache/` in the project, else `$XDG_CACHE_HOME/scaffold` (or ~/.cache)."""
    override = os.environ.get("SCAFFOLD_CACHE_DIR")
    if override:
        return Path(override)
    if project_root is not None:
        return project_root / ".scaffold-cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scaffold"


def content_key(source: bytes) -> str:
    """The cache key of a file's content."""
    return hashlib.blake2b(source, digest_size=16).hexdigest()


class ResultCache:
    """A content-keyed store of `FileOutcome`s for one checker fingerprint."""

    def __init__(self, directory: Path, checker: str, fingerprint: str) -> None:
        self.directory = directory
        self.prefix = f"{checker}-"
        self.path = directory / f"{checker}-{fingerprint[:20]}.json"
        self._entries: dict[str, Any] = {}
        self._touched: set[str] = set()
        self._dirty = False
        self._load()

    def _load(self) -> None:
        try:
            document = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return
        if isinstance(document, dict) and document.get("format") == FORMAT_VERSION:
            entries = document.get("entries")
            if isinstance(entries, dict):
                self._entries = entries

    def get(self, key: str) -> FileOutcome | None:
        """The cached outcome for a content key, or None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._touched.add(key)
        try:
            findings = tuple((int(f[0]), int(f[1]), str(f[2]), str(f[3]), f[4]) for f in entry["f"])
            error = entry.get("e")
            return FileOutcome(
                findings=findings,
                error=(str(error[0]), error[1], error[2]) if error else None,
            )
        except (KeyError, TypeError, IndexError, ValueError):
            return None

    def put(self, key: str, outcome: FileOutcome) -> None:
        """Remember an outcome (written to disk by `save`)."""
        entry: dict[str, Any] = {"f": [list(finding) for finding in outcome.findings]}
        if outcome.error is not None:
            entry["e"] = list(outcome.error)
        self._entries[key] = entry
        self._touched.add(key)
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically; drop old configurations' files. Errors are ignored."""
        if not self._dirty:
            return
        import tempfile  # only runs that checked something write the cache

        entries = self._entries
        if len(entries) > MAX_ENTRIES:
            entries = {key: entries[key] for key in self._touched if key in entries}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"format": FORMAT_VERSION, "entries": entries}, stream)
            os.replace(temporary, self.path)
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        siblings = sorted(
            (p for p in self.directory.glob(f"{self.prefix}*.json") if p != self.path),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in siblings[KEEP_FILES - 1 :]:
            old.unlink(missing_ok=True)
