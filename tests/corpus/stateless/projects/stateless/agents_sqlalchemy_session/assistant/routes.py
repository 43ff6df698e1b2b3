from agents import Agent, Runner
from agents.extensions.memory.sqlalchemy_session import SQLAlchemySession
from fastapi import APIRouter

from assistant.db import engine

router = APIRouter()
agent = Agent(name="Assistant", instructions="Be brief.")


@router.post("/chat/{user_id}")
async def chat(user_id: str, text: str) -> dict[str, str]:
    session = SQLAlchemySession(user_id, engine=engine, create_tables=False)
    result = await Runner.run(agent, text, session=session)
    return {"reply": str(result.final_output)}
