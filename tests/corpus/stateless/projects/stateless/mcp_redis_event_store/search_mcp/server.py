import mcp.types as types
from mcp.server.lowlevel import Server

server = Server("search")


@server.call_tool()
async def search(name: str, arguments: dict) -> list[types.TextContent]:
    return [types.TextContent(type="text", text=f"results for {arguments['query']}")]
