"""The MCP server whose tools the FastAPI app exposes."""

import mcp.types as types
from mcp.server.lowlevel import Server

mcp_server = Server("docs-search")


@mcp_server.call_tool()
async def search_docs(name: str, arguments: dict) -> list[types.TextContent]:
    query = arguments["query"]
    return [types.TextContent(type="text", text=f"No results for {query!r}")]
