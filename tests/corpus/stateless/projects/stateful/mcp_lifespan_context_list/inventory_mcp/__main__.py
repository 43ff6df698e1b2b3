from inventory_mcp import tools  # noqa: F401  (registers the tools)
from inventory_mcp.server import mcp

mcp.run()
