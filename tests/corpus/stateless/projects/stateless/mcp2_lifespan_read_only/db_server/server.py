from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
from mcp.server.mcpserver import Context, MCPServer


@dataclass
class AppContext:
    pool: asyncpg.Pool


@asynccontextmanager
async def lifespan(server: MCPServer) -> AsyncIterator[AppContext]:
    pool = await asyncpg.create_pool("postgresql://app@db/app")
    try:
        yield AppContext(pool=pool)
    finally:
        await pool.close()


mcp = MCPServer("db", lifespan=lifespan)


@mcp.tool()
async def add_note(user_id: str, text: str, ctx: Context) -> str:
    app_ctx: AppContext = ctx.request_context.lifespan_context
    await app_ctx.pool.execute("insert into notes(user_id, text) values ($1, $2)", user_id, text)
    return "saved"


@mcp.tool()
async def list_notes(user_id: str, ctx: Context) -> list[str]:
    rows = await ctx.request_context.lifespan_context.pool.fetch(
        "select text from notes where user_id = $1", user_id
    )
    return [r["text"] for r in rows]
