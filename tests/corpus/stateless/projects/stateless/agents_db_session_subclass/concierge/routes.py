from agents import Runner
from fastapi import APIRouter

from concierge.agent import concierge
from concierge.db import engine
from concierge.sessions import DatabaseSession

router = APIRouter()


@router.post("/concierge/{user_id}")
async def chat(user_id: str, message: str) -> dict[str, str]:
    session = DatabaseSession(user_id, engine)
    result = await Runner.run(concierge, message, session=session)
    return {"reply": result.final_output}
