# expect: SA110
from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions
from mcp.server.fastmcp import FastMCP

from auth.provider import SimpleOAuthProvider


def create_server(issuer: str) -> FastMCP:
    provider = SimpleOAuthProvider(issuer)
    mcp = FastMCP(
        "secure-notes",
        auth_server_provider=provider,
        auth=AuthSettings(
            issuer_url=issuer,
            resource_server_url=issuer,
            client_registration_options=ClientRegistrationOptions(enabled=True),
        ),
    )

    @mcp.tool()
    def hello(name: str) -> str:
        return f"hello {name}"

    return mcp
