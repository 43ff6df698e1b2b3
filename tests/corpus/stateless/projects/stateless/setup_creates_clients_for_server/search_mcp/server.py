from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer

from search_mcp.clients import JWTVerifier, SearchClient


def create_server() -> MCPServer:
    client = SearchClient("https://search.example")
    verifier = JWTVerifier("https://auth.example/.well-known/jwks.json", audience="search")
    mcp = MCPServer(
        "search",
        token_verifier=verifier,
        auth=AuthSettings(issuer_url="https://auth.example", resource_server_url="https://search.example"),
    )

    @mcp.tool()
    async def search(q: str) -> list[str]:
        return await client.search(q)

    return mcp
