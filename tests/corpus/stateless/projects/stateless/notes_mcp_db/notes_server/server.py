"""MCP tools over the notebook."""

from mcp.server.fastmcp import FastMCP

from .db import engine
from .notebook import Notebook

mcp = FastMCP("notes")
notebook = Notebook(engine)


@mcp.tool()
def add_note(title: str, body: str) -> str:
    """Save a note and return its id."""
    return f"saved note {notebook.add(title, body).id}"


@mcp.tool()
def find_notes(text: str) -> list[str]:
    """Titles of the notes containing the text."""
    return [note.title for note in notebook.search(text)]
