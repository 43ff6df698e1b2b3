# expect: SA106
from mcp.server.mcpserver import Context

from .context import AppContext
from .server import mcp


@mcp.tool()
def save_note(name: str, body: str, ctx: Context) -> str:
    app_ctx: AppContext = ctx.request_context.lifespan_context
    app_ctx.notes[name] = body
    return f"saved {name}"


@mcp.tool()
def read_note(name: str, ctx: Context) -> str:
    return ctx.request_context.lifespan_context.notes.get(name, "")
