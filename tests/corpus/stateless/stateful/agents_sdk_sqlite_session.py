# expect: SA107
"""OpenAI Agents SDK endpoint whose sessions are in-memory SQLite."""

from agents import Agent, Runner, SQLiteSession, function_tool
from fastapi import APIRouter

router = APIRouter()


@function_tool
def lookup_order(order_id: str) -> str:
    """Look up an order's status."""
    return f"order {order_id} shipped"


support = Agent(name="support", instructions="Help with orders.", tools=[lookup_order])


@router.post("/support/{user_id}")
async def support_chat(user_id: str, message: str) -> dict[str, str]:
    session = SQLiteSession(f"user-{user_id}")
    result = await Runner.run(support, message, session=session)
    return {"reply": result.final_output}
