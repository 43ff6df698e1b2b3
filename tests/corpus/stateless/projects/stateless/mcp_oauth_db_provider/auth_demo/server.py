from mcp.server.auth.settings import AuthSettings
from mcp.server.fastmcp import FastMCP
from sqlmodel import create_engine

from auth_demo.provider import DatabaseOAuthProvider


def create_server() -> FastMCP:
    engine = create_engine("postgresql+psycopg://localhost/auth")
    provider = DatabaseOAuthProvider(engine)
    mcp = FastMCP(
        "private-notes",
        auth_server_provider=provider,
        auth=AuthSettings(
            issuer_url="https://notes.example.com", resource_server_url="https://notes.example.com"
        ),
    )

    @mcp.tool()
    def whoami() -> str:
        """Name of the authenticated client."""
        return "authenticated"

    return mcp


if __name__ == "__main__":
    create_server().run(transport="streamable-http")
