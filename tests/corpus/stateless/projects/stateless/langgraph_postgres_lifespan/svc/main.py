from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

from svc.graph import build_graph

DB_URI = "postgresql://app@db/app"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with AsyncPostgresSaver.from_conn_string(DB_URI) as saver:
        await saver.setup()
        app.state.graph = build_graph(saver)
        yield


app = FastAPI(lifespan=lifespan)


@app.post("/threads/{thread_id}")
async def run(request: Request, thread_id: str, text: str) -> dict[str, str]:
    out = await request.app.state.graph.ainvoke(
        {"messages": [("user", text)]}, config={"configurable": {"thread_id": thread_id}}
    )
    return {"reply": out["messages"][-1].content}
