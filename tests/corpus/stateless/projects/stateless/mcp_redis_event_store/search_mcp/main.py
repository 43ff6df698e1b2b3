"""Starts the search server; stream events live in Redis, so any instance can resume them."""

import contextlib
import os
from collections.abc import AsyncIterator

import anyio
import uvicorn
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import Receive, Scope, Send

from search_mcp.events import RedisEventStore
from search_mcp.server import server


def main() -> None:
    event_store = RedisEventStore(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
    session_manager = StreamableHTTPSessionManager(app=server, event_store=event_store)

    async def handle_mcp(scope: Scope, receive: Receive, send: Send) -> None:
        await session_manager.handle_request(scope, receive, send)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with session_manager.run():
            yield

    app = Starlette(routes=[Mount("/mcp", app=handle_mcp)], lifespan=lifespan)
    config = uvicorn.Config(app, host="0.0.0.0", port=8080)
    anyio.run(uvicorn.Server(config).serve)


if __name__ == "__main__":
    main()
