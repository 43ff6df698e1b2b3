"""`scaffold check stateless` as a library call: configuration, checker, engine run.

The CLI is a thin layer over `check`, `rule_infos` and `rule_info`; tests and other tools
(the code-review skill) call them directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold.errors import UserError
from scaffold.validators import engine
from scaffold.validators.ast_index import ModuleIndex
from scaffold.validators.cache import default_cache_dir
from scaffold.validators.checker import AstChecker, FileOutcome, PendingFinding
from scaffold.validators.config import StatelessConfig, find_project_root, load_config
from scaffold.validators.findings import CheckResult, RuleInfo
from scaffold.validators.project.index import Facts, ProjectIndex
from scaffold.validators.rule import RuleOptions
from scaffold.validators.rules.stateless import RULES, UNUSED_SUPPRESSION, facts, project_state
from scaffold.validators.suppression import RawFinding

CHECKER_NAME = "stateless"
PREFIX = "SA"

UNUSED_SUPPRESSION_INFO = RuleInfo(
    code=UNUSED_SUPPRESSION,
    name="unused-suppression",
    summary="Suppression comment that suppresses nothing",
    rationale=(
        "A `# scaffold: ignore[CODE]` comment on a line where CODE reports nothing hides no "
        "finding today and would silently hide a real one tomorrow. A suppression naming a "
        "code that does not exist is reported too, since it is a typo."
    ),
    fix="Remove the comment, or correct the code it names.",
    severity="warning",
    invalid=("x = 1  # scaffold: ignore[SA101]\n",),
    valid=(
        "_seen = set()\n\n\ndef mark(key: str) -> None:\n"
        "    _seen.add(key)  # scaffold: ignore[SA101]\n",
    ),
)


def rule_infos() -> list[RuleInfo]:
    """Every stateless rule, the unused-suppression finding first."""
    return [UNUSED_SUPPRESSION_INFO] + [RuleInfo.of(rule) for rule in RULES]


def rule_info(code: str) -> RuleInfo:
    """One rule by code (case-insensitive).

    Raises:
        UserError: No rule has this code.
    """
    wanted = code.strip().upper()
    for info in rule_infos():
        if info.code == wanted:
            return info
    known = ", ".join(info.code for info in rule_infos())
    raise UserError(
        f"unknown rule code {code!r}",
        f"known codes: {known} (see `scaffold check stateless --list-rules`)",
        code="unknown_rule",
    )


def known_codes() -> list[str]:
    """Every code this checker can report."""
    return [info.code for info in rule_infos()]


class StatelessChecker(AstChecker):
    """The stateless rules, linked across the project's modules by the project index.

    Code that only a command line runs (the `if __name__ == "__main__":` block and the functions
    only it calls, in a module that starts no server) serves no requests: its findings are
    dropped. The findings of other modules that start no server stand when the module may run
    inside one (`project_state.is_served`).
    """

    links = True

    def facts(self, index: ModuleIndex) -> Facts:
        return facts.module_facts(index)

    def adjust(
        self, index: ModuleIndex, raw: list[RawFinding], pending: list[PendingFinding]
    ) -> tuple[list[RawFinding], list[PendingFinding]]:
        spans = [
            (info.node.lineno, info.node.end_lineno or info.node.lineno)
            for info in index.functions
            if info.outer.kind == "module" and info.name in facts.command_line_functions(index)
        ]
        if not facts.serves(index):
            spans.extend(
                (block.lineno, block.end_lineno or block.lineno)
                for block in facts.main_blocks(index)
            )
        if spans:
            raw = [f for f in raw if not any(start <= f[0] <= end for start, end in spans)]
            pending = [f for f in pending if not any(start <= f[0] <= end for start, end in spans)]
        if not facts.serves(index):
            served = ("served",)
            pending = [(*f[:5], (*f[5], served)) for f in pending]
            pending.extend((*f, (served,)) for f in raw)
            raw = []
        return raw, pending

    def answer(
        self, index: ProjectIndex | None, path: str, requirement: tuple[object, ...]
    ) -> dict[str, str] | None:
        if index is None:
            return None
        return project_state.answer(index, path, list(requirement))


def make_checker(config: StatelessConfig) -> StatelessChecker:
    """The AST checker running the configured rules."""
    options = RuleOptions(
        allowed_globals=config.allowed_globals,
        extra_in_memory_classes=config.extra_in_memory_classes,
    )
    return StatelessChecker(
        CHECKER_NAME,
        RULES,
        options,
        prefix=PREFIX,
        unused_suppression=UNUSED_SUPPRESSION,
        selected=config.select,
    )


def check_sources(modules: dict[str, str], config: StatelessConfig) -> dict[str, FileOutcome]:
    """Check a small project held in memory (relative path -> source), linked as one run.

    Imports resolve between the given modules only; nothing is read from disk.
    """
    checker = make_checker(config)
    outcomes = {
        path: checker.check_source(source.encode("utf-8"), path) for path, source in modules.items()
    }
    facts = {path: outcome.facts for path, outcome in outcomes.items() if outcome.facts}
    index = ProjectIndex(Path("."), facts)
    return {path: checker.link(index, path, outcome) for path, outcome in outcomes.items()}


def check(
    paths: Sequence[Path] = (),
    *,
    cwd: Path | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    changed_since: str | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    jobs: int = 0,
    force_exclude: bool = False,
) -> CheckResult:
    """Run the stateless rules and return every finding.

    Args:
        paths: Files and directories; default: the project root (the nearest directory with a
            pyproject.toml above `cwd`), or `cwd` when there is none.
        cwd: The working directory paths are relative to (default: the process's).
        select: Rule codes or prefixes replacing the configured selection.
        ignore: Rule codes or prefixes to skip, on top of the configured ones.
        changed_since: Only check files changed since this git ref (and untracked files).
        cache_dir: Where cached results live (default: `.scaffold-cache/` of the project).
        use_cache: False to neither read nor write the cache.
        jobs: Worker processes; 0 picks the number of CPUs when the run is big enough.
        force_exclude: Apply excludes to explicitly named files too (for pre-commit).

    Raises:
        UserError: Bad configuration, unknown rule code, missing path or bad git ref.
    """
    here = (cwd or Path.cwd()).resolve()
    project = find_project_root(here)
    root = project or here
    config = load_config(root, known_codes(), select=select, ignore=ignore)
    targets = list(paths) or [root]
    cache = None
    if use_cache:
        cache = cache_dir if cache_dir is not None else default_cache_dir(project)
    options = engine.RunOptions(
        paths=targets,
        root=root,
        exclude=config.exclude,
        per_path_ignores=config.per_path_ignores,
        force_exclude=force_exclude,
        changed_since=changed_since,
        cache_dir=cache,
        jobs=jobs,
        cwd=here,
    )
    return engine.run(make_checker(config), options)
