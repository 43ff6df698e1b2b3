# expect: SA101
"""Human-in-the-loop approvals kept in a process-local queue."""

import asyncio
from dataclasses import dataclass

from fastapi import APIRouter


@dataclass
class Approval:
    call_id: str
    tool: str
    arguments: dict


router = APIRouter()
approvals: asyncio.Queue[Approval] = asyncio.Queue()
decided: dict[str, bool] = {}


async def request_approval(call_id: str, tool: str, arguments: dict) -> None:
    await approvals.put(Approval(call_id, tool, arguments))


@router.post("/approvals/{call_id}")
async def decide(call_id: str, approved: bool) -> dict[str, bool]:
    decided[call_id] = approved
    return {"approved": approved}
