"""The FastMCP server object."""

from mcp.server.fastmcp import FastMCP

from inventory_mcp.context import app_lifespan

mcp = FastMCP("inventory", lifespan=app_lifespan)
