# expect: SA110
"""FastAPI app; the ChatKit server is built in the lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from chatkit.server import StreamingResult
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.ext.asyncio import create_async_engine

from assistant_kit.files import LocalAttachmentStore
from assistant_kit.server import AssistantServer
from assistant_kit.sql_store import SqlStore


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    engine = create_async_engine("postgresql+asyncpg://localhost/assistant")
    app.state.chatkit = AssistantServer(
        store=SqlStore(engine), attachment_store=LocalAttachmentStore()
    )
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.post("/chatkit")
async def chatkit(request: Request) -> Response:
    result = await request.app.state.chatkit.process(await request.body(), {})
    if isinstance(result, StreamingResult):
        return StreamingResponse(result, media_type="text/event-stream")
    return Response(content=result.json, media_type="application/json")
