# expect: SA102
from typing import Any

import mcp.types as types
from mcp.server.lowlevel import Server


def create_server() -> Server:
    server = Server("counter")
    call_counts: dict[str, int] = {}

    @server.list_tools()
    async def list_tools() -> list[types.Tool]:
        return [
            types.Tool(name="ping", description="Ping", inputSchema={"type": "object"})
        ]

    @server.call_tool()
    async def call_tool(name: str, arguments: dict[str, Any]) -> list[types.TextContent]:
        call_counts[name] = call_counts.get(name, 0) + 1
        return [types.TextContent(type="text", text=f"{name} #{call_counts[name]}")]

    return server
