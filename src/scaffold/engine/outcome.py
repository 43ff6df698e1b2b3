"""What a generator command did, or on a dry run or a conflict would do: the plan and what of
it was written, with the next steps to print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scaffold.engine.plan import FileChange, Plan


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
