"""`scaffold migrate lint`: flag migration operations that lock or break a live PostgreSQL table.

Each revision's upgrade is rendered as PostgreSQL SQL by Alembic's offline mode
(`alembic upgrade <down>:<rev> --sql`) in a child process of the project (see
`lint_render.py`): no database is connected to and the user's code never runs in scaffold's
process. The SQL is split into statements and every rule in `lint_rules.RULES` reads each one,
knowing which tables the revision created and the column types earlier revisions left.

Findings point at the `op.*` (or `batch_op.*`) call that emitted the statement. An
acknowledgement, `# scaffold: allow[ML107] -- reason` above that call (see `acknowledge.py`),
accepts that rule's findings on that statement only; one without a reason, or one that accepts
nothing, is itself a finding (ML100). A revision that fails to render is reported in `errors`
and the others are still linted; findings or errors make the exit status 1. Bad input (no
project, no alembic folder, an unknown revision, migrations Alembic cannot load, an env.py that
fails before any migration) is a `UserError`: one line, exit 2, and nothing is written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.engine.project import Project
from scaffold.errors import ProjectError, ToolError, UserError
from scaffold.migrate import acknowledge, lint_rules, lint_sql
from scaffold.validators.findings import CheckResult, FileError, Finding, RuleInfo

PREFIX = "ML"
ACKNOWLEDGEMENT = "ML100"
# Offline mode only needs the dialect: this URL is never connected to.
OFFLINE_URL = "postgresql://lint@localhost/lint"
RENDER_TIMEOUT_SECONDS = 600
NEXT_REVISION = re.compile(r"^--\s*next revision\s*$", re.MULTILINE)

ACKNOWLEDGEMENT_INFO = RuleInfo(
    code=ACKNOWLEDGEMENT,
    name="bad-acknowledgement",
    summary="Acknowledgement comment that gives no reason or accepts no finding",
    rationale=(
        "`# scaffold: allow[ML1xx] -- reason` on or above an operation accepts that rule's "
        "finding there, and says why to whoever reads the migration next. One without a "
        "reason explains nothing, so it accepts nothing; one for a rule that reports nothing "
        "on its statement (a safe operation, a table the revision creates, a line PostgreSQL "
        "never runs such as the downgrade) or for an unknown rule hides no finding today and "
        "would silently hide a real one tomorrow."
    ),
    fix=(
        "give the reason after `--` (why it is safe here, or what must happen before it runs), "
        "name the rule the finding reports, and put the comment right above (or at the end of) "
        "the op.* call the finding points at; remove it where nothing is reported"
    ),
    invalid=(
        'op.drop_column("product", "notes")  # scaffold: allow[ML107]',
        "# scaffold: allow[ML101] -- the table holds a few rows\n"
        'op.add_column("product", sa.Column("note", sa.Text()))',
        'op.drop_column("product", "notes")  # scaffold: ignore',
    ),
    valid=(
        "# scaffold: allow[ML107] -- the release before this one stopped reading notes\n"
        'op.drop_column("product", "notes")',
        'op.drop_column("product", "notes")  # scaffold: allow[ML107] -- nothing reads it now',
    ),
)


@dataclass(frozen=True, slots=True, order=True)
class MigrationFinding(Finding):
    """A finding in a migration: also its revision, the SQL statement and the safe sequence."""

    revision: str = ""
    statement: str = ""
    fix: str = ""


@dataclass(frozen=True, slots=True)
class StatementFinding:
    """A rule's report on one statement, before it is tied to a file."""

    line: int
    rule: lint_rules.MigrationRule
    message: str
    statement: lint_sql.Statement


@dataclass(frozen=True, slots=True)
class RenderedRevision:
    """One revision as the child process rendered it."""

    revision: str
    parents: tuple[str, ...]
    path: Path
    statements: tuple[tuple[int, lint_sql.Statement], ...]
    error: str | None = None
    error_line: int | None = None


@dataclass
class LintReport:
    """The linted revisions (in upgrade order) and what was found in them."""

    root: Path
    revisions: list[str] = field(default_factory=list)
    result: CheckResult = field(default_factory=CheckResult)

    def as_dict(self) -> dict[str, Any]:
        """The `data` object of the `--json` document."""
        return {**self.result.as_dict(), "revisions": self.revisions}


def rule_infos() -> list[RuleInfo]:
    """Every migration rule, the bad-acknowledgement finding first."""
    return [ACKNOWLEDGEMENT_INFO] + [RuleInfo.of(rule) for rule in lint_rules.RULES]


def rule_info(code: str) -> RuleInfo:
    """One rule's description, by code (case-insensitive)."""
    for info in rule_infos():
        if info.code == code.strip().upper():
            return info
    raise UserError(
        f"unknown rule code {code!r}",
        "list the codes with `scaffold migrate lint --list-rules`",
        code="unknown_rule",
    )


# --- linting SQL -----------------------------------------------------------------------------


def lint_statements(
    statements: Sequence[tuple[int, lint_sql.Statement]], schema: lint_sql.Schema
) -> list[StatementFinding]:
    """Lint one revision's statements; `schema` (left by earlier revisions) is updated."""
    context = lint_rules.Context(schema=schema)
    found: list[StatementFinding] = []
    for line, statement in statements:
        for rule in lint_rules.RULES:
            found.extend(
                StatementFinding(line, rule, message, statement)
                for message in rule.check(statement, context)
            )
        context.advance(statement)
    return found


def lint_sql_text(text: str) -> list[tuple[str, str]]:
    """(code, message) for the last revision of `text`; `-- next revision` lines separate them.

    Earlier revisions only build the schema (column types, tables that already exist). This is
    how the rules' examples and unit tests run.
    """
    *earlier, current = NEXT_REVISION.split(text)
    schema = lint_sql.Schema()
    for part in earlier:
        for statement in lint_sql.split_statements(part):
            schema.apply(statement)
    statements = [(1, statement) for statement in lint_sql.split_statements(current)]
    return [(item.rule.code, item.message) for item in lint_statements(statements, schema)]


# --- rendering the project's migrations ------------------------------------------------------


def _check_alembic(root: Path) -> None:
    for required in ("alembic.ini", "alembic/env.py", "alembic/versions"):
        if not (root / required).exists():
            raise ProjectError(
                f"{required} is missing in {root}, so there are no migrations to lint",
                "run this in a project made by `scaffold new` (it has alembic.ini and alembic/)",
                code="no_alembic",
            )


def render_revisions(root: Path) -> list[RenderedRevision]:
    """Every revision's upgrade SQL for PostgreSQL, in upgrade order, without a database."""
    source = (Path(__file__).parent / "lint_render.py").read_text(encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": OFFLINE_URL, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        completed = subprocess.run(
            [sys.executable, "-c", source],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=False,
        )
    except OSError as exc:
        raise ToolError(
            f"cannot run {sys.executable} to render the migrations: {exc.strerror}",
            "run scaffold from a working Python installation",
        ) from None
    except subprocess.TimeoutExpired:
        raise ToolError(
            f"alembic took more than {RENDER_TIMEOUT_SECONDS}s to render the migrations",
            "run `alembic upgrade head --sql` in the project to see where it hangs",
        ) from None
    document: dict[str, Any] | None = None
    for line in completed.stdout.splitlines():
        if line.startswith("SCAFFOLD-LINT-RENDER "):
            document = json.loads(line.removeprefix("SCAFFOLD-LINT-RENDER "))
    if document is None:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise ToolError(
            f"rendering the migrations failed: {last}",
            "run `alembic upgrade head --sql` in the project to see the whole error",
        )
    if document.get("missing") == "alembic":
        raise ToolError(
            f"alembic is not installed in {sys.executable}, which renders the migrations",
            f"install it: {sys.executable} -m pip install alembic",
        )
    if "fatal" in document:
        raise UserError(
            f"alembic cannot load the migrations: {document['fatal']}",
            "fix the migration or alembic/env.py it names (`alembic history` shows it too)",
            code="alembic_error",
        )
    revisions = [_rendered(root, entry) for entry in document["revisions"]]
    if revisions and all(item.error and item.error_line is None for item in revisions):
        # No revision got as far as its own file: alembic/env.py (or the app it imports) fails.
        raise UserError(
            f"alembic/env.py fails in offline mode: {revisions[0].error}",
            "run `alembic upgrade head --sql` in the project to see the whole error",
            code="alembic_error",
        )
    return revisions


def _rendered(root: Path, entry: dict[str, Any]) -> RenderedRevision:
    statements = tuple(
        (int(item["line"]), statement)
        for item in entry["statements"]
        for statement in lint_sql.split_statements(item["sql"])
    )
    error = entry.get("error") or {}
    path = Path(entry["path"])
    if path.resolve().is_relative_to(root.resolve()):
        path = path.resolve().relative_to(root.resolve())
    return RenderedRevision(
        revision=entry["revision"],
        parents=tuple(entry["down_revisions"]),
        path=path,
        statements=statements,
        error=error.get("message"),
        error_line=error.get("line"),
    )


# --- choosing revisions ----------------------------------------------------------------------


def resolve_revision(revisions: Sequence[RenderedRevision], wanted: str) -> RenderedRevision:
    """A revision by id, unique prefix, or `head` (the single head)."""
    by_id = {item.revision: item for item in revisions}
    if wanted == "head" and "head" not in by_id:
        revised = {parent for item in revisions for parent in item.parents}
        heads = [item for item in revisions if item.revision not in revised]
        if len(heads) == 1:
            return heads[0]
        if heads:
            raise UserError(
                f"the migrations have {len(heads)} heads "
                f"({', '.join(item.revision for item in heads)}), so `head` is ambiguous",
                "pass one of those revision ids",
                code="multiple_heads",
            )
    if wanted in by_id:
        return by_id[wanted]
    matches = [item for item in revisions if item.revision.startswith(wanted)] if wanted else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(
            f"revision prefix {wanted!r} matches {len(matches)} revisions "
            f"({', '.join(item.revision for item in matches)})",
            "pass more characters of the revision id",
            code="ambiguous_revision",
        )
    known = ", ".join(item.revision for item in revisions[-5:]) or "none"
    raise UserError(
        f"unknown revision {wanted!r} (latest: {known})",
        "list the revisions with `alembic history`; an id or a unique prefix works",
        code="unknown_revision",
    )


def _descendants(revisions: Sequence[RenderedRevision], ancestor: str) -> set[str]:
    found = {ancestor}
    for item in revisions:  # upgrade order: parents come before their children
        if found.intersection(item.parents):
            found.add(item.revision)
    return found - {ancestor}


def select_revisions(
    revisions: Sequence[RenderedRevision], revision: str | None, since: str | None
) -> set[str]:
    """The ids to lint: one revision, the ones after `since`, or all of them."""
    if revision is not None and since is not None:
        raise UserError(
            "pass a REVISION or --since, not both",
            "lint one revision with REVISION, or every later one with --since REV",
            code="usage",
        )
    if revision is not None:
        return {resolve_revision(revisions, revision).revision}
    if since is not None:
        return _descendants(revisions, resolve_revision(revisions, since).revision)
    return {item.revision for item in revisions}


# --- the whole run ---------------------------------------------------------------------------


def lint(
    project: Path | None = None, *, revision: str | None = None, since: str | None = None
) -> LintReport:
    """Lint a project's migrations for PostgreSQL.

    Args:
        project: The project folder (default: search upwards from the working directory).
        revision: Lint only this revision (an id, a unique prefix, or `head`).
        since: Lint only the revisions after this one (e.g. the one production runs).

    Returns:
        The linted revision ids and a `CheckResult` (findings, errors, files checked).

    Raises:
        UserError: Not a project, no alembic folder, an unknown revision, or migrations that
            Alembic cannot load.
    """
    with Project.open(project, write=False, command="migrate lint") as opened:
        root = opened.root
    _check_alembic(root)
    revisions = render_revisions(root)
    selected = select_revisions(revisions, revision, since)
    report = LintReport(root=root)
    schema = lint_sql.Schema()
    for item in revisions:
        if item.revision not in selected:
            for _, statement in item.statements:
                schema.apply(statement)
            continue
        report.revisions.append(item.revision)
        report.result.files_checked += 1
        found = lint_statements(item.statements, schema)
        report.result.findings.extend(_findings(root, item, found))
        if item.error is not None:
            report.result.errors.append(
                FileError(item.path.as_posix(), f"cannot render: {item.error}", item.error_line)
            )
    report.result.findings.sort()
    return report


def _findings(
    root: Path, item: RenderedRevision, found: Sequence[StatementFinding]
) -> list[MigrationFinding]:
    try:
        source = (root / item.path).read_bytes()
    except OSError:
        source = b""
    lines = source.decode("utf-8", errors="replace").splitlines()

    def column(line: int) -> int:
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return len(text) - len(text.lstrip()) + 1

    acknowledgements = acknowledge.find(source)
    accepted = acknowledge.accept(((f.line, f.rule.code) for f in found), acknowledgements)
    findings = [
        MigrationFinding(
            path=item.path.as_posix(),
            line=finding.line,
            column=column(finding.line),
            rule=finding.rule.code,
            message=f"{finding.message}; safe: {finding.rule.fix}",
            severity=finding.rule.severity,
            revision=item.revision,
            statement=finding.statement.text,
            fix=finding.rule.fix,
        )
        for finding, ok in zip(found, accepted, strict=True)
        if not ok
    ]
    problems = acknowledge.check(
        acknowledgements,
        code=ACKNOWLEDGEMENT,
        prefix=PREFIX,
        known_codes=frozenset(rule.code for rule in lint_rules.RULES),
        # After a render error the rest of the upgrade never ran: what it acknowledges is
        # not known to be unused.
        report_unused=item.error is None,
    )
    findings.extend(
        MigrationFinding(
            path=item.path.as_posix(),
            line=line,
            column=col,
            rule=code,
            message=message,
            severity=ACKNOWLEDGEMENT_INFO.severity,
            revision=item.revision,
            fix=ACKNOWLEDGEMENT_INFO.fix,
        )
        for line, col, code, message in problems
    )
    return findings


def render_explain(info: RuleInfo) -> str:
    """`--explain CODE` as text: the rule's rationale, safe sequence and SQL examples."""
    import textwrap

    parts = [
        f"{info.code} {info.name} ({info.severity})",
        info.summary,
        "",
        textwrap.fill(info.rationale, width=88),
        "",
        "Safe: " + textwrap.fill(info.fix, width=82, subsequent_indent="      "),
    ]
    for title, examples in (("Flagged", info.invalid), ("Not flagged", info.valid)):
        for number, example in enumerate(examples, start=1):
            parts.extend(["", f"{title} {number}:", textwrap.indent(example.rstrip(), "    ")])
    return "\n".join(parts) + "\n"
