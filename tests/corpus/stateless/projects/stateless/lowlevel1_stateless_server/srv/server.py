from typing import Any

import mcp.types as types
from mcp.server.lowlevel import Server


def create_server() -> Server:
    server = Server("tools")

    @server.list_tools()
    async def list_tools() -> list[types.Tool]:
        return [types.Tool(name="upper", description="Upper", inputSchema={"type": "object"})]

    @server.call_tool()
    async def call_tool(name: str, arguments: dict[str, Any]) -> list[types.TextContent]:
        return [types.TextContent(type="text", text=str(arguments.get("text", "")).upper())]

    return server
