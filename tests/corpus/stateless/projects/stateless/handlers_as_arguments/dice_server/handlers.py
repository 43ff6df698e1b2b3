"""MCP handlers passed to the server; they only read the configuration they close over."""

import random

import mcp.types as types
from mcp.server.lowlevel import Server

from dice_server.config import DiceConfig


def build_server(config: DiceConfig) -> Server:
    async def handle_call_tool(ctx, params: types.CallToolRequestParams) -> types.CallToolResult:
        sides = int((params.arguments or {}).get("sides", config.default_sides))
        value = random.randint(1, min(sides, config.max_sides))
        return types.CallToolResult(content=[types.TextContent(type="text", text=str(value))])

    return Server("dice", on_call_tool=handle_call_tool)
