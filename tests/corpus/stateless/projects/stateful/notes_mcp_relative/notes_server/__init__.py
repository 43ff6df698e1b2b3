"""An MCP server for quick notes."""
