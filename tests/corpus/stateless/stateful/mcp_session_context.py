# expect: SA104
"""MCP server keeping per-client context in a module-level object."""

from mcp.server.fastmcp import Context, FastMCP


class SessionContext:
    def __init__(self) -> None:
        self.preferences: dict[str, dict[str, str]] = {}
        self.active_project: str | None = None

    def set_preference(self, client_id: str, key: str, value: str) -> None:
        self.preferences.setdefault(client_id, {})[key] = value

    def switch_project(self, project: str) -> None:
        self.active_project = project


context_store = SessionContext()
mcp = FastMCP("projects")


@mcp.tool()
async def set_preference(key: str, value: str, ctx: Context) -> str:
    context_store.set_preference(ctx.client_id or "anonymous", key, value)
    return "ok"


@mcp.tool()
async def open_project(project: str) -> str:
    context_store.switch_project(project)
    return f"switched to {project}"
