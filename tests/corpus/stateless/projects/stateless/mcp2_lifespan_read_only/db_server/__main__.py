from .server import mcp

mcp.run(transport="streamable-http")
