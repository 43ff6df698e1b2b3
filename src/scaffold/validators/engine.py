"""The validator engine: discover files, reuse cached results, check the rest in parallel.

The engine is checker-agnostic: it takes any `FileChecker` (the stateless rules today, the
code-review adapters later) and handles file discovery, `--changed-since`, the content-keyed
cache, spreading files over worker processes, per-path ignores and sorting. A checker only
ever sees one file's bytes.

A `LinkingChecker` also returns each file's facts; once every file of the run is checked (or
read from the cache), the engine builds the project index from those facts and lets the
checker decide the findings that depend on other files. Imported project files outside the
run are read into the index on demand. Per-file results stay keyed by content alone, since
the cross-file decisions are remade on every run from the (cached) facts; an unchanged run is
answered from one record keyed by every file's content.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.validators.cache import ResultCache, content_key, run_key
from scaffold.validators.checker import FileChecker, FileOutcome, LinkingChecker
from scaffold.validators.discovery import SourceFile, discover
from scaffold.validators.findings import CheckResult, FileError, Finding
from scaffold.validators.globs import GlobSet
from scaffold.validators.project.index import Facts, ProjectIndex

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

# Below these, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 24
PARALLEL_MIN_BYTES = 300_000
# Full garbage collections are paused while checking (ASTs are large, short-lived and
# acyclic) and run every this many files instead.
COLLECT_EVERY = 64


@dataclass(frozen=True, slots=True)
class RunOptions:
    """Where and how to run a checker."""

    paths: Sequence[Path]
    root: Path
    exclude: Sequence[str] = ()
    per_path_ignores: Sequence[tuple[str, frozenset[str]]] = ()
    force_exclude: bool = False
    changed_since: str | None = None
    cache_dir: Path | None = None
    jobs: int = 0
    cwd: Path | None = None


@dataclass(slots=True)
class _Pending:
    source: SourceFile
    content: bytes
    key: str
    outcome: FileOutcome | None = field(default=None)


def run(checker: FileChecker, options: RunOptions) -> CheckResult:
    """Check every file the options select and return the sorted result.

    Raises:
        UserError: A path does not exist, or `--changed-since` names a bad ref.
    """
    cwd = (options.cwd or Path.cwd()).resolve()
    files = discover(
        options.paths,
        root=options.root,
        exclude=options.exclude,
        force_exclude=options.force_exclude,
        cwd=cwd,
    )
    if options.changed_since is not None:
        from scaffold.validators.git import changed_files  # subprocess: only when asked

        changed = {str(path) for path in changed_files(options.changed_since, cwd)}
        files = [source for source in files if source.path in changed]
    result = CheckResult(files_checked=0)
    cache = (
        ResultCache(options.cache_dir, checker.name, checker.fingerprint())
        if options.cache_dir is not None
        else None
    )
    pending: list[_Pending] = []
    for source in files:
        try:
            with open(source.path, "rb") as handle:
                content = handle.read()
        except OSError as exc:
            result.errors.append(FileError(source.display, f"cannot read: {exc.strerror}"))
            continue
        pending.append(_Pending(source, content, content_key(content)))
    linking = isinstance(checker, LinkingChecker) and checker.links
    whole_run = run_key([(item.source.relative, item.key) for item in pending])
    if cache is not None and linking and _answer_from_record(cache, whole_run, pending, options):
        _finish(result, pending, options)
        return result
    if cache is not None:
        for item in pending:
            item.outcome = cache.get(item.key)
    misses = [item for item in pending if item.outcome is None]
    for item, outcome in zip(misses, _check_all(checker, misses, options.jobs), strict=True):
        item.outcome = outcome
        if cache is not None:
            cache.put(item.key, outcome)
    if isinstance(checker, LinkingChecker) and checker.links:
        extras = _link(checker, pending, options.root, cache)
        if cache is not None:
            cache.put_run(whole_run, extras, [item.outcome for item in pending])
    if cache is not None:
        cache.save()
    _finish(result, pending, options)
    return result


def _finish(result: CheckResult, pending: list[_Pending], options: RunOptions) -> None:
    ignores = [(GlobSet.compile([pattern]), codes) for pattern, codes in options.per_path_ignores]
    for item in pending:
        checked = item.outcome
        assert checked is not None  # every miss was checked above
        result.files_checked += 1
        _collect(result, item.source, checked, ignores)
    result.findings.sort()
    result.errors.sort(key=lambda error: (error.path, error.line or 0))


def _answer_from_record(
    cache: ResultCache, whole_run: str, pending: list[_Pending], options: RunOptions
) -> bool:
    """Fill every outcome from the record of an identical earlier run, if there is one."""
    record = cache.get_run(whole_run)
    if record is None:
        return False
    extras, outcomes = record
    for relative, key in extras:  # imported files outside the run must be unchanged too
        try:
            with open(options.root / relative, "rb") as handle:
                if content_key(handle.read()) != key:
                    return False
        except OSError:
            return False
    if len(outcomes) != len(pending):
        return False
    for item, outcome in zip(pending, outcomes, strict=True):
        item.outcome = outcome
    return True


def _link(
    checker: LinkingChecker, pending: list[_Pending], root: Path, cache: ResultCache | None
) -> list[tuple[str, str]]:
    """Decide every file's cross-file findings; return the imported files read besides."""
    facts: dict[str, Facts] = {}
    for item in pending:
        if item.outcome is not None and item.outcome.facts is not None:
            facts[item.source.relative] = item.outcome.facts
    extras: list[tuple[str, str]] = []

    def load(relative: str) -> Facts | None:
        try:
            with open(root / relative, "rb") as handle:
                content = handle.read()
        except OSError:
            return None
        key = content_key(content)
        outcome = cache.get(key) if cache is not None else None
        if outcome is None:
            outcome = checker.check_source(content, relative)
            if cache is not None:
                cache.put(key, outcome)
        extras.append((relative, key))
        return outcome.facts

    def others() -> list[str]:
        return _python_files(root)

    index = ProjectIndex(root, facts, load, others)
    for item in pending:
        assert item.outcome is not None  # every file was checked or read from the cache
        item.outcome = checker.link(index, item.source.relative, item.outcome)
    return extras


def _collect(
    result: CheckResult,
    source: SourceFile,
    outcome: FileOutcome,
    ignores: list[tuple[GlobSet, frozenset[str]]],
) -> None:
    if outcome.error is not None:
        message, line, column = outcome.error
        result.errors.append(FileError(source.display, message, line, column))
    ignored: set[str] = set()
    for globs, codes in ignores:
        if globs.match(source.relative):
            ignored |= codes
    for line, column, rule, message, severity in outcome.findings:
        if rule not in ignored:
            result.findings.append(Finding(source.display, line, column, rule, message, severity))


# Folders that hold no project code: tools' caches, virtualenvs, dependencies.
_SKIPPED_FOLDERS = frozenset(
    {"node_modules", "__pycache__", "site-packages", "venv", "env", "build", "dist"}
)


def _python_files(root: Path) -> list[str]:
    """Every Python file of the project under `root`, as POSIX paths relative to it."""
    found: list[str] = []
    for folder, folders, names in os.walk(root):
        folders[:] = [
            name for name in folders if not name.startswith(".") and name not in _SKIPPED_FOLDERS
        ]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        found.extend(f"{prefix}{name}" for name in names if name.endswith(".py"))
    return found


def _check_all(checker: FileChecker, items: list[_Pending], jobs: int) -> list[FileOutcome]:
    workers = _worker_count(jobs, items)
    if workers <= 1:
        return _check_batch(checker, [(item.content, item.source.display) for item in items])
    # Balance the chunks by size: the largest files first, dealt round-robin.
    order = sorted(range(len(items)), key=lambda i: len(items[i].content), reverse=True)
    chunk_count = min(len(items), workers * 4)
    chunks: list[list[int]] = [order[i::chunk_count] for i in range(chunk_count)]
    # Imported here: multiprocessing costs start-up time that cached runs never need.
    from concurrent.futures import ProcessPoolExecutor

    outcomes: list[FileOutcome | None] = [None] * len(items)
    context = _fork_context()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(checker,)
    ) as pool:
        batches = [[(items[i].content, items[i].source.display) for i in chunk] for chunk in chunks]
        for chunk, batch_outcomes in zip(chunks, pool.map(_worker_batch, batches), strict=True):
            for position, outcome in zip(chunk, batch_outcomes, strict=True):
                outcomes[position] = outcome
    missing = [position for position, outcome in enumerate(outcomes) if outcome is None]
    if missing:  # pragma: no cover - pool.map returns every batch or raises
        raise RuntimeError(f"worker results missing for {len(missing)} file(s)")
    return [outcome for outcome in outcomes if outcome is not None]


def _worker_count(jobs: int, items: list[_Pending]) -> int:
    if jobs == 1 or len(items) < 2:
        return 1
    available = _cpu_count()
    wanted = available if jobs <= 0 else jobs
    if jobs <= 0:
        total = sum(len(item.content) for item in items)
        if len(items) < PARALLEL_MIN_FILES or total < PARALLEL_MIN_BYTES:
            return 1
    return max(1, min(wanted, len(items)))


def _cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _fork_context() -> BaseContext | None:
    # fork starts workers without re-importing scaffold; elsewhere use the platform default.
    if sys.platform.startswith("linux"):
        import multiprocessing

        return multiprocessing.get_context("fork")
    return None


def _check_batch(checker: FileChecker, batch: list[tuple[bytes, str]]) -> list[FileOutcome]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        outcomes: list[FileOutcome] = []
        for count, (content, filename) in enumerate(batch, start=1):
            outcomes.append(checker.check_source(content, filename))
            if count % COLLECT_EVERY == 0:
                # The youngest generation holds what the last files allocated: their indexes'
                # reference cycles. Older objects (results kept) need not be traversed again.
                gc.collect(0)
        return outcomes
    finally:
        if enabled:
            gc.enable()


_WORKER_CHECKER: list[FileChecker] = []


def _init_worker(checker: FileChecker) -> None:
    _WORKER_CHECKER[:] = [checker]


def _worker_batch(batch: list[tuple[bytes, str]]) -> list[FileOutcome]:
    return _check_batch(_WORKER_CHECKER[0], batch)
