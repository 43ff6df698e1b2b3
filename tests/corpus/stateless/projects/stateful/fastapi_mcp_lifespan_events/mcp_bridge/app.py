# expect: SA110
"""FastAPI app mounting the MCP server, its session manager started in the lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.types import Receive, Scope, Send

from mcp_bridge.replay import ReplayLog
from mcp_bridge.tools import mcp_server


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    manager = StreamableHTTPSessionManager(app=mcp_server, event_store=ReplayLog(max_events=500))
    app.state.mcp_manager = manager
    async with manager.run():
        yield


app = FastAPI(lifespan=lifespan)


async def mcp_endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    await scope["app"].state.mcp_manager.handle_request(scope, receive, send)


app.mount("/mcp", mcp_endpoint)
