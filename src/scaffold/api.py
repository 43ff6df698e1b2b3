"""The library surface: what the CLI (and tests, and other tools) call.

Each function validates its input, builds a plan, and applies it unless asked for a dry run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.plan import FileChange, Plan


@dataclass
class Outcome:
    """What a generator command did (or, on a dry run or conflict, would do)."""

    plan: Plan
    written: list[FileChange] = field(default_factory=list)
    dry_run: bool = False
    next_steps: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """Conflicts stopped the command: nothing was written."""
        return bool(self.plan.conflicts)

    def as_dict(self, *, with_diff: bool) -> dict[str, Any]:
        return {
            **self.plan.as_dict(with_diff=with_diff),
            "dry_run": self.dry_run,
            "written": [c.path for c in self.written],
            "conflicts": [c.path for c in self.plan.conflicts],
            "next": self.next_steps,
        }


def new_project(
    path: Path, *, name: str | None = None, description: str | None = None
) -> list[str]:
    """Create a project at `path`; return the files written."""
    from scaffold.generators.project import render_project

    return render_project(path.resolve(), name or path.resolve().name, description)


def crud(
    name: str,
    fields: list[str],
    *,
    project: Path | None = None,
    plural: str | None = None,
    tests: bool = True,
    migration: bool = True,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Generate (or re-generate identically) a CRUD resource in a project."""
    from scaffold.generators.crud import CrudOptions, plan_crud
    from scaffold.manifest import Manifest
    from scaffold.project import find_project
    from scaffold.spec import parse_resource
    from scaffold.writer import apply, resolve_conflicts

    spec = parse_resource(name, fields, plural)  # bad input fails before the project is read
    root = find_project(project)
    manifest = Manifest.load(root)
    plan = plan_crud(root, spec, CrudOptions(tests=tests, migration=migration), manifest)
    plan = resolve_conflicts(plan, force=force)
    steps = ["alembic upgrade head", "pytest"] if migration else ["pytest"]
    outcome = Outcome(plan, dry_run=dry_run, next_steps=steps)
    if dry_run or plan.conflicts:
        return outcome
    outcome.written = apply(plan, manifest)
    return outcome
