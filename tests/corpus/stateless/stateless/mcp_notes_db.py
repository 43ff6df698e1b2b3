"""MCP server storing notes in the database, one session per tool call."""

from mcp.server.fastmcp import FastMCP
from sqlmodel import Session, select

from app.db import engine
from app.models import Note

mcp = FastMCP("notes")
MAX_NOTES = 100


@mcp.tool()
def add_note(user: str, text: str) -> str:
    """Store a note for a user."""
    with Session(engine) as session:
        session.add(Note(user=user, text=text))
        session.commit()
    return "saved"


@mcp.tool()
def list_notes(user: str) -> list[str]:
    """Return a user's notes."""
    with Session(engine) as session:
        notes = session.exec(select(Note).where(Note.user == user).limit(MAX_NOTES)).all()
        return [note.text for note in notes]


@mcp.resource("notes://{user}")
def notes_resource(user: str) -> str:
    return "\n".join(list_notes(user))


if __name__ == "__main__":
    mcp.run()
