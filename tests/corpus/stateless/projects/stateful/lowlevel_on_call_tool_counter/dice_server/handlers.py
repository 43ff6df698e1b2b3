# expect: SA102
"""Dice-rolling MCP server whose handlers are passed to the server object."""

import random

import mcp.types as types
from mcp.server.lowlevel import Server


def build_server() -> Server:
    rolls = 0
    history: list[int] = []

    async def handle_list_tools(ctx, params) -> types.ListToolsResult:
        tool = types.Tool(
            name="roll",
            description="Roll an n-sided die",
            inputSchema={"type": "object", "properties": {"sides": {"type": "integer"}}},
        )
        return types.ListToolsResult(tools=[tool])

    async def handle_call_tool(ctx, params: types.CallToolRequestParams) -> types.CallToolResult:
        nonlocal rolls
        rolls += 1
        value = random.randint(1, int((params.arguments or {}).get("sides", 6)))
        history.append(value)
        text = f"roll #{rolls}: {value} (average {sum(history) / len(history):.1f})"
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)])

    return Server("dice", on_list_tools=handle_list_tools, on_call_tool=handle_call_tool)
