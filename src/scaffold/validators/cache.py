"""Results cached by file content, so an unchanged tree is re-checked almost instantly.

One JSON file per checker configuration: its name carries the checker's fingerprint (scaffold
version, validator sources, selected rules, options), so a configuration change starts a fresh
cache. Inside, entries are keyed by a digest of the file's bytes, so renames and checkouts of
old content hit the cache too. An entry holds the file's findings and, for checkers that
link files, its facts, pending findings and suppressions. Beside it, a small file records the
final outcomes of the last runs, keyed by the paths and contents of all their files, so an
unchanged tree is answered without loading the entries at all. Writing is atomic (write then
rename) and best effort: a read-only or full disk means no cache, never a failed run.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from scaffold.validators.checker import FileOutcome

FORMAT_VERSION = 2
MAX_ENTRIES = 20_000
KEEP_FILES = 4
KEEP_RUNS = 4


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


def run_key(files: list[tuple[str, str]]) -> str:
    """The key of a whole run: every file's path and content key, in order."""
    digest = hashlib.blake2b(digest_size=16)
    for path, key in files:
        digest.update(path.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(key.encode())
    return digest.hexdigest()


def encode(outcome: FileOutcome) -> dict[str, Any]:
    """An outcome as JSON-able data."""
    entry: dict[str, Any] = {"f": [list(finding) for finding in outcome.findings]}
    if outcome.error is not None:
        entry["e"] = list(outcome.error)
    if outcome.pending:
        entry["p"] = [[*finding[:5], [list(r) for r in finding[5]]] for finding in outcome.pending]
    if outcome.suppressions:
        entry["s"] = [list(suppression) for suppression in outcome.suppressions]
    if outcome.facts is not None:
        entry["x"] = outcome.facts
    return entry


def decode(entry: Any) -> FileOutcome | None:
    """An outcome from `encode`'s data; None when the data is damaged."""
    try:
        findings = tuple((int(f[0]), int(f[1]), str(f[2]), str(f[3]), f[4]) for f in entry["f"])
        error = entry.get("e")
        pending = tuple(
            (int(p[0]), int(p[1]), str(p[2]), str(p[3]), p[4], tuple(tuple(r) for r in p[5]))
            for p in entry.get("p", ())
        )
        suppressions = tuple(
            (int(s[0]), int(s[1]), None if s[2] is None else tuple(str(c) for c in s[2]))
            for s in entry.get("s", ())
        )
        facts = entry.get("x")
        return FileOutcome(
            findings=findings,
            error=(str(error[0]), error[1], error[2]) if error else None,
            pending=pending,
            suppressions=suppressions,
            facts=facts if isinstance(facts, dict) else None,
        )
    except (KeyError, TypeError, IndexError, ValueError, AttributeError):
        return None


class ResultCache:
    """A content-keyed store of `FileOutcome`s for one checker fingerprint."""

    def __init__(self, directory: Path, checker: str, fingerprint: str) -> None:
        self.directory = directory
        self.prefix = f"{checker}-"
        self.path = directory / f"{checker}-{fingerprint[:20]}.json"
        self.runs_path = directory / f"{checker}-{fingerprint[:20]}.runs"
        self._entries: dict[str, Any] = {}
        self._touched: set[str] = set()
        self._dirty = False
        self._loaded = False
        self._run_records: dict[str, Any] | None = None
        self._runs_dirty = False

    def _load(self) -> None:
        # Loaded on first use: a run answered from its run record never needs the entries.
        if self._loaded:
            return
        self._loaded = True
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
        self._load()
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._touched.add(key)
        return decode(entry)

    def put(self, key: str, outcome: FileOutcome) -> None:
        """Remember an outcome (written to disk by `save`)."""
        self._load()
        self._entries[key] = encode(outcome)
        self._touched.add(key)
        self._dirty = True

    def get_run(self, key: str) -> tuple[list[tuple[str, str]], list[FileOutcome]] | None:
        """The imported files and final outcomes of an earlier run with this key, or None."""
        record = self._runs().get(key)
        if not isinstance(record, dict):
            return None
        try:
            extras = [(str(path), str(content)) for path, content in record["extras"]]
            outcomes = [decode(entry) for entry in record["outcomes"]]
        except (KeyError, TypeError, ValueError):
            return None
        if any(outcome is None for outcome in outcomes):
            return None
        return extras, [outcome for outcome in outcomes if outcome is not None]

    def put_run(
        self, key: str, extras: list[tuple[str, str]], outcomes: list[FileOutcome | None]
    ) -> None:
        """Remember a run's final outcomes (written to disk by `save`)."""
        runs = self._runs()
        runs.pop(key, None)
        runs[key] = {
            "extras": [list(extra) for extra in extras],
            "outcomes": [encode(outcome or FileOutcome()) for outcome in outcomes],
        }
        while len(runs) > KEEP_RUNS:
            runs.pop(next(iter(runs)))
        self._runs_dirty = True

    def _runs(self) -> dict[str, Any]:
        if self._run_records is None:
            self._run_records = {}
            try:
                document = json.loads(self.runs_path.read_bytes())
            except (OSError, ValueError):
                return self._run_records
            if isinstance(document, dict) and document.get("format") == FORMAT_VERSION:
                runs = document.get("runs")
                if isinstance(runs, dict):
                    self._run_records = runs
        return self._run_records

    def save(self) -> None:
        """Write the cache atomically; drop old configurations' files. Errors are ignored."""
        if self._dirty:
            entries = self._entries
            if len(entries) > MAX_ENTRIES:
                entries = {key: entries[key] for key in self._touched if key in entries}
            if self._write(self.path, {"format": FORMAT_VERSION, "entries": entries}):
                self._prune()
        if self._runs_dirty:
            self._write(self.runs_path, {"format": FORMAT_VERSION, "runs": self._runs()})

    def _write(self, path: Path, document: dict[str, Any]) -> bool:
        import tempfile  # only runs that checked something write the cache

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(document, stream, separators=(",", ":"))
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return False
        return True

    def _prune(self) -> None:
        siblings = sorted(
            (p for p in self.directory.glob(f"{self.prefix}*.json") if p != self.path),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in siblings[KEEP_FILES - 1 :]:
            old.unlink(missing_ok=True)
            old.with_suffix(".runs").unlink(missing_ok=True)
