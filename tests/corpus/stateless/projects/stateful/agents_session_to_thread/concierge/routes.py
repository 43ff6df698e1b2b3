"""Chat endpoint of the concierge."""

from pathlib import Path

from agents import Runner
from fastapi import APIRouter

from concierge.agent import concierge
from concierge.sessions import JsonFileSession

SESSIONS_DIR = Path("sessions")
router = APIRouter()


@router.post("/concierge/{user_id}")
async def chat(user_id: str, message: str) -> dict[str, str]:
    session = JsonFileSession(user_id, SESSIONS_DIR)
    result = await Runner.run(concierge, message, session=session)
    return {"reply": result.final_output}
