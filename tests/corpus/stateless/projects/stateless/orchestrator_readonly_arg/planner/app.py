"""Planning endpoint: notes come with the request, the orchestrator keeps none."""

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from planner.orchestrator import Orchestrator
from planner.toolbox import Toolbox

app = FastAPI()
orchestrator = Orchestrator(tools=Toolbox(httpx.AsyncClient(timeout=10.0)))


class PlanRequest(BaseModel):
    task: str
    notes: list[str] = []


@app.post("/plan")
async def plan(body: PlanRequest) -> dict[str, str]:
    return {"plan": await orchestrator.plan(body.task, body.notes)}
