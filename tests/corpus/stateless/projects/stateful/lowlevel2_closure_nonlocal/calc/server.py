# expect: SA102
from mcp.server.lowlevel import Server
from mcp.types import CallToolRequestParams, CallToolResult, ListToolsResult, TextContent, Tool


def build_server() -> Server:
    last_result: float = 0.0

    async def handle_list_tools(ctx, params) -> ListToolsResult:
        return ListToolsResult(tools=[Tool(name="add", inputSchema={"type": "object"})])

    async def handle_call_tool(ctx, params: CallToolRequestParams) -> CallToolResult:
        nonlocal last_result
        args = params.arguments or {}
        last_result = last_result + float(args.get("x", 0))
        return CallToolResult(content=[TextContent(type="text", text=str(last_result))])

    return Server("calc", on_list_tools=handle_list_tools, on_call_tool=handle_call_tool)
