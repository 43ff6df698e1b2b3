from datetime import datetime
from zoneinfo import ZoneInfo

import mcp.types as types
from mcp.server.lowlevel import Server

server = Server("clock")


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    now = datetime.now(ZoneInfo(arguments.get("tz", "UTC")))
    return [types.TextContent(type="text", text=now.isoformat())]
