# expect: SA110
"""An MCP server protected by OAuth."""

from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions
from mcp.server.fastmcp import FastMCP

from auth_demo.provider import MemoryOAuthProvider


def create_server() -> FastMCP:
    provider = MemoryOAuthProvider()
    mcp = FastMCP(
        "private-notes",
        auth_server_provider=provider,
        auth=AuthSettings(
            issuer_url="http://localhost:8000",
            resource_server_url="http://localhost:8000",
            client_registration_options=ClientRegistrationOptions(enabled=True),
        ),
    )

    @mcp.tool()
    def whoami() -> str:
        """Name of the authenticated client."""
        return "authenticated"

    return mcp


def main() -> None:
    create_server().run(transport="streamable-http")


if __name__ == "__main__":
    main()
