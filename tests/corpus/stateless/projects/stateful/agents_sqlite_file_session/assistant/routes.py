# expect: SA107
from agents import Runner, SQLiteSession
from fastapi import APIRouter
from pydantic import BaseModel

from assistant.agent_def import agent

router = APIRouter()


class Msg(BaseModel):
    text: str


@router.post("/chat/{user_id}")
async def chat(user_id: str, body: Msg) -> dict[str, str]:
    session = SQLiteSession(user_id, "conversations.db")
    result = await Runner.run(agent, body.text, session=session)
    return {"reply": str(result.final_output)}
