"""OpenAI Agents SDK endpoint with sessions stored in the database."""

from agents import Agent, Runner, function_tool
from agents.extensions.memory import SQLAlchemySession
from fastapi import APIRouter

from app.db import async_engine

router = APIRouter()


@function_tool
def lookup_order(order_id: str) -> str:
    """Look up an order's status."""
    return f"order {order_id} shipped"


support = Agent(name="support", instructions="Help with orders.", tools=[lookup_order])


@router.post("/support/{user_id}")
async def support_chat(user_id: str, message: str) -> dict[str, str]:
    session = SQLAlchemySession(f"user-{user_id}", engine=async_engine, create_tables=False)
    result = await Runner.run(support, message, session=session)
    return {"reply": result.final_output}
