"""The lifespan gives tools the engine; nothing else lives there."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from mcp.server.fastmcp import FastMCP
from sqlalchemy import Engine
from sqlmodel import create_engine


@dataclass(frozen=True)
class AppContext:
    engine: Engine
    warehouse: str


@asynccontextmanager
async def app_lifespan(server: FastMCP) -> AsyncIterator[AppContext]:
    engine = create_engine("sqlite:///inventory.db")
    try:
        yield AppContext(engine=engine, warehouse="north")
    finally:
        engine.dispose()
