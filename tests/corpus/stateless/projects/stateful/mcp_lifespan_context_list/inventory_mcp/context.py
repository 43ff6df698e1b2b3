"""What the server's lifespan gives every tool: the engine and an audit list."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from mcp.server.fastmcp import FastMCP
from sqlalchemy import Engine
from sqlmodel import create_engine


@dataclass
class AppContext:
    engine: Engine
    audit: list[str] = field(default_factory=list)


@asynccontextmanager
async def app_lifespan(server: FastMCP) -> AsyncIterator[AppContext]:
    engine = create_engine("sqlite:///inventory.db")
    try:
        yield AppContext(engine=engine)
    finally:
        engine.dispose()
