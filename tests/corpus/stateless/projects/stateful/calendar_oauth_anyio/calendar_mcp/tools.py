"""Calendar tools, registered on a server built around a given auth provider."""

from datetime import date

from mcp.server.auth.provider import OAuthAuthorizationServerProvider
from mcp.server.auth.settings import AuthSettings
from mcp.server.fastmcp import FastMCP


def build_mcp(provider: OAuthAuthorizationServerProvider, issuer: str) -> FastMCP:
    mcp = FastMCP(
        "calendar",
        auth_server_provider=provider,
        auth=AuthSettings(issuer_url=issuer, resource_server_url=issuer),
    )

    @mcp.tool()
    def free_slots(day: date) -> list[str]:
        """Free half-hour slots on a day."""
        return [f"{day.isoformat()}T{hour:02d}:00" for hour in range(9, 17)]

    return mcp
