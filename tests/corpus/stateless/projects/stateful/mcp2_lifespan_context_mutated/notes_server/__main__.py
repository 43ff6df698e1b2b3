from .tools import mcp

mcp.run(transport="streamable-http")
