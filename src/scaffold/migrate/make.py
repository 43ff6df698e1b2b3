"""`scaffold migrate make "message"`: autogenerate against a scratch database, reviewed first.

The runner (a subprocess in the project) upgrades a scratch database to head, autogenerates
through the project's env.py (compare_type and compare_server_default on), reviews the
operations (see `review.py`), writes what `migrate lint` would flag the safe way (see
`safe_ops.py`) and renders the file into a temporary folder. Back here, a refused migration is
reported (exit 1) and nothing is written; an accepted one is formatted with the project's ruff
settings and written through the plan and the writer, under a file name of ASCII words. The
message is one line, escaped for the revision's docstring.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.engine.plan import FileChange, Plan
from scaffold.errors import UserError

# Findings that --allow-destructive accepts; a NOT NULL column without a default is never
# accepted: the upgrade itself would fail on a table with rows.
OVERRIDABLE = frozenset({"destructive", "rename"})


@dataclass
class MakeResult:
    """What `migrate make` found and did."""

    operations: list[str]
    findings: list[dict[str, Any]]
    warnings: list[str]
    dialect: str
    scratch_database: str | None = None  # made and dropped for this run
    allow_destructive: bool = False
    dry_run: bool = False
    plan: Plan | None = None
    written: list[FileChange] = field(default_factory=list)
    # What the migration acknowledges as unsafe (`# scaffold: allow[ML1xx] -- why`).
    cautions: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> list[dict[str, Any]]:
        """The findings that stop the migration."""
        return [
            f for f in self.findings if not (self.allow_destructive and f["kind"] in OVERRIDABLE)
        ]

    @property
    def refused(self) -> bool:
        return bool(self.blocking)

    @property
    def path(self) -> str | None:
        return self.plan.changes[0].path if self.plan and self.plan.changes else None

    def as_dict(self) -> dict[str, Any]:
        change = self.plan.changes[0] if self.plan and self.plan.changes else None
        return {
            "operations": self.operations,
            "findings": self.findings,
            "refused": self.refused,
            "warnings": self.warnings,
            "cautions": self.cautions,
            "dialect": self.dialect,
            "scratch_database": self.scratch_database,
            "path": self.path,
            "dry_run": self.dry_run,
            "written": [c.path for c in self.written],
            "diff": change.diff() if change is not None and self.dry_run else None,
            "next": ["alembic upgrade head"] if self.written else [],
        }


def make_migration(
    message: str,
    *,
    project: Path | None = None,
    db: str | None = None,
    allow_destructive: bool = False,
    dry_run: bool = False,
) -> MakeResult:
    """Autogenerate a reviewed migration; write it unless refused or `dry_run`.

    Raises:
        UserError: an empty message, no project or alembic folder, a bad `--db`, models that
            fail to import, an unreachable server, several heads.
    """
    from scaffold.engine.migrations import current_head
    from scaffold.engine.project import Project
    from scaffold.migrate.invoke import require_alembic, run
    from scaffold.migrate.scratch import check_url

    text = " ".join(message.split())  # a message is one line: newlines and tabs become spaces
    if not text:
        raise UserError(
            "the migration message is empty",
            'say what it does: scaffold migrate make "add weight to product"',
            code="empty_message",
        )
    server = check_url(db)
    # Held from the head it reads to the file it writes: a generator meanwhile would fork it.
    with Project.open(project, write=not dry_run, command=f"migrate make {text}") as opened:
        root = opened.root
        require_alembic(root)
        current_head(root)  # several heads: refused before anything runs
        data = run(root, {"command": "make", "message": docstring_text(text), "db": server})
        result = MakeResult(
            operations=data["operations"],
            findings=data["findings"],
            warnings=data["warnings"],
            dialect=data["dialect"],
            scratch_database=data.get("scratch_database"),
            allow_destructive=allow_destructive,
            dry_run=dry_run,
        )
        script = data.get("script")
        if result.refused or not script:
            return result
        result.plan = _plan(root, safe_path(script["path"]), script["text"])
        result.cautions = cautions(result.plan.changes[0].new or "")
        if not dry_run:
            result.written = opened.apply(result.plan)
        return result


def docstring_text(message: str) -> str:
    """`message` as the text of the revision's docstring (script.py.mako puts `${message}`
    inside triple quotes): backslashes doubled and triple quotes escaped, so that the file
    parses and Python reads the message back as it was given."""
    return message.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def safe_path(path: str) -> str:
    """The revision file's path with an ASCII name: Alembic's slug keeps any letter (and a
    message of symbols alone leaves `<rev>_.py`)."""
    folder, _, name = path.rpartition("/")
    stem = unicodedata.normalize("NFKD", name.removesuffix(".py"))
    stem = re.sub(r"[^A-Za-z0-9]+", "_", stem.encode("ascii", "ignore").decode()).strip("_")
    if "_" not in stem:  # the revision id alone: the message had no word to name it by
        stem = f"{stem}_migration"
    return f"{folder}/{stem}.py" if folder else f"{stem}.py"


def cautions(text: str) -> list[str]:
    """What the migration acknowledges as unsafe for `migrate lint`, and why."""
    from scaffold.migrate.acknowledge import find

    found = find(text.encode("utf-8"))
    return [f"{', '.join(ack.codes)} acknowledged: {ack.reason}" for ack in found if ack.codes]


def _plan(root: Path, path: str, text: str) -> Plan:
    from dataclasses import replace

    from scaffold.engine.formatting import format_python
    from scaffold.engine.plan import classify

    formatted = format_python({path: text}, root)[path]
    # A migration is the team's file from the moment it exists: not tracked as generated.
    change = classify(root, path, formatted, kind="edited", recorded_hash=None)
    return Plan(root, [replace(change, kind="edited")])
