"""The research server's shared context: an HTTP client, visited pages and notes."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from mcp.server.fastmcp import FastMCP


@dataclass
class ResearchState:
    http: httpx.AsyncClient
    visited: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)


@asynccontextmanager
async def research_lifespan(server: FastMCP) -> AsyncIterator[ResearchState]:
    async with httpx.AsyncClient(timeout=15.0, follow_redirects=True) as http:
        yield ResearchState(http=http)
