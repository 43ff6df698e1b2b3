"""Low-level MCP server with one tool: the current time in a timezone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import mcp.types as types
from mcp.server.lowlevel import Server

server = Server("clock")


@server.list_tools()
async def list_tools() -> list[types.Tool]:
    return [
        types.Tool(
            name="now",
            description="Current time in a timezone",
            inputSchema={"type": "object", "properties": {"tz": {"type": "string"}}},
        )
    ]


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    now = datetime.now(ZoneInfo(arguments.get("tz", "UTC")))
    return [types.TextContent(type="text", text=now.isoformat())]
