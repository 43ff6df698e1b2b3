from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from mcp.server.fastmcp import FastMCP


@asynccontextmanager
async def app_lifespan(server: FastMCP) -> AsyncIterator[dict[str, Any]]:
    async with httpx.AsyncClient(base_url="https://api.weather.example") as http:
        yield {"seen": {}, "http": http}


mcp = FastMCP("weather", lifespan=app_lifespan)
