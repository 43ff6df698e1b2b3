from mcp.server.fastmcp import FastMCP

from tools_srv.factory import make_greeter

mcp = FastMCP("greeter")
mcp.add_tool(make_greeter("Hello"))
mcp.add_tool(make_greeter("Bonjour"))


def word_count(text: str) -> int:
    return len(text.split())


mcp.add_tool(word_count)

if __name__ == "__main__":
    mcp.run(transport="streamable-http")
