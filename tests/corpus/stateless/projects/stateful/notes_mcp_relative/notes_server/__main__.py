"""`python -m notes_server` runs the server over stdio."""

from .server import mcp

if __name__ == "__main__":
    mcp.run()
