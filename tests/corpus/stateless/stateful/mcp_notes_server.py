# expect: SA101
"""MCP server whose notes live in a module-level dict."""

from datetime import datetime, timezone

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("notes")
NOTES: dict[str, list[str]] = {}


@mcp.tool()
def add_note(user: str, text: str) -> str:
    """Store a note for a user."""
    stamp = datetime.now(timezone.utc).isoformat()
    NOTES.setdefault(user, []).append(f"{stamp} {text}")
    return "saved"


@mcp.tool()
def list_notes(user: str) -> list[str]:
    """Return a user's notes."""
    return NOTES.get(user, [])


@mcp.tool()
def clear_notes(user: str) -> int:
    """Forget every note of a user."""
    removed = len(NOTES.get(user, []))
    del NOTES[user]
    return removed


if __name__ == "__main__":
    mcp.run()
