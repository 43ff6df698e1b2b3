"""LangGraph agent with a Postgres checkpointer opened in the lifespan."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.prebuilt import create_react_agent

from app.config import settings
from app.tools import search_docs


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with AsyncPostgresSaver.from_conn_string(settings.database_url) as checkpointer:
        await checkpointer.setup()
        app.state.agent = create_react_agent(
            "anthropic:claude-3-5-sonnet-latest", tools=[search_docs], checkpointer=checkpointer
        )
        yield


app = FastAPI(lifespan=lifespan)


@app.post("/threads/{thread_id}/messages")
async def post_message(thread_id: str, text: str, request: Request) -> dict[str, str]:
    agent = request.app.state.agent
    config = {"configurable": {"thread_id": thread_id}}
    result = await agent.ainvoke({"messages": [("user", text)]}, config)
    return {"reply": result["messages"][-1].content}
