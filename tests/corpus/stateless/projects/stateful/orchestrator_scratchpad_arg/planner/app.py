# expect: SA104
"""Planning endpoint."""

from fastapi import FastAPI

from planner.orchestrator import Orchestrator
from planner.scratchpad import ScratchPad

app = FastAPI()
orchestrator = Orchestrator(memory=ScratchPad())


@app.post("/plan")
async def plan(task: str) -> dict[str, str]:
    return {"plan": await orchestrator.plan(task)}
