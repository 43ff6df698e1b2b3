import contextlib
from collections.abc import AsyncIterator

import uvicorn
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.applications import Starlette
from starlette.routing import Mount

from srv.server import create_server


def main() -> None:
    manager = StreamableHTTPSessionManager(
        app=create_server(), event_store=None, json_response=True, stateless=True
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with manager.run():
            yield

    uvicorn.run(Starlette(routes=[Mount("/mcp", app=manager.handle_request)], lifespan=lifespan))


if __name__ == "__main__":
    main()
