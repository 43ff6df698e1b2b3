"""Per-run agent state as dataclasses, created inside the handler."""

from dataclasses import dataclass, field

from fastapi import APIRouter

router = APIRouter()


@dataclass
class Step:
    tool: str
    output: str


@dataclass
class RunState:
    goal: str
    steps: list[Step] = field(default_factory=list)
    scratchpad: dict[str, str] = field(default_factory=dict)

    def record(self, tool: str, output: str) -> None:
        self.steps.append(Step(tool, output))
        self.scratchpad[tool] = output


@router.post("/runs")
def run(goal: str) -> dict[str, int]:
    state = RunState(goal=goal)
    for tool in ("search", "summarize"):
        state.record(tool, f"{tool}: {goal}")
    return {"steps": len(state.steps)}
