# expect: SA104
import contextlib

import uvicorn
from mcp.server.fastmcp import FastMCP
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.applications import Starlette
from starlette.routing import Mount

from event_store import RingEventStore

mcp = FastMCP("echo")


@mcp.tool()
def echo(text: str) -> str:
    return text


if __name__ == "__main__":
    store = RingEventStore()
    manager = StreamableHTTPSessionManager(app=mcp._mcp_server, event_store=store)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        async with manager.run():
            yield

    uvicorn.run(Starlette(routes=[Mount("/mcp", app=manager.handle_request)], lifespan=lifespan))
