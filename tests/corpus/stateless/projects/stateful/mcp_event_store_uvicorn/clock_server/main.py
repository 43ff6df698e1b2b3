# expect: SA110
"""Runs the clock server over streamable HTTP with resumable streams."""

import contextlib
from collections.abc import AsyncIterator

import uvicorn
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import Receive, Scope, Send

from clock_server.event_store import InMemoryEventStore
from clock_server.server import server


def main(port: int = 3000) -> None:
    session_manager = StreamableHTTPSessionManager(app=server, event_store=InMemoryEventStore())

    async def handle_mcp(scope: Scope, receive: Receive, send: Send) -> None:
        await session_manager.handle_request(scope, receive, send)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with session_manager.run():
            yield

    starlette_app = Starlette(routes=[Mount("/mcp", app=handle_mcp)], lifespan=lifespan)
    uvicorn.run(starlette_app, host="127.0.0.1", port=port)


if __name__ == "__main__":
    main()
