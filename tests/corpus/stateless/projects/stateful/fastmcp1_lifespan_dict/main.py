import tools.forecast  # noqa: F401
from server import mcp

if __name__ == "__main__":
    mcp.run(transport="streamable-http")
