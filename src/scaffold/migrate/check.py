"""`scaffold migrate check`: do the models and the migrations agree, and is there one head?

The equivalent of `alembic check` on a scratch database (the runner upgrades it to the heads and
autogenerates through the project's env.py without writing anything), plus a multiple-heads
check read from the revision graph without Alembic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class CheckResult:
    heads: list[str]
    differences: list[str]
    dialect: str

    @property
    def ok(self) -> bool:
        return len(self.heads) <= 1 and not self.differences

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "heads": self.heads,
            "multiple_heads": len(self.heads) > 1,
            "differences": self.differences,
            "dialect": self.dialect,
        }


def heads(graph: dict[str, tuple[str, ...]]) -> list[str]:
    revised = {parent for parents in graph.values() for parent in parents}
    return sorted(set(graph) - revised)


def check_migrations(*, project: Path | None = None, db: str | None = None) -> CheckResult:
    """Compare the models with the migrations on a scratch database; count the heads.

    Raises:
        UserError: no project or alembic folder, a bad `--db`, models or migrations that fail,
            an unreachable server.
    """
    from scaffold.engine.migrations import read_revisions
    from scaffold.engine.project import Project
    from scaffold.migrate.invoke import require_alembic, run
    from scaffold.migrate.scratch import check_url

    server = check_url(db)
    with Project.open(project, write=False, command="migrate check") as opened:
        root = opened.root
    require_alembic(root)
    found = heads(read_revisions(root))
    data = run(root, {"command": "check", "db": server, "head": found[0] if found else None})
    return CheckResult(heads=found, differences=data["differences"], dialect=data["dialect"])
