# expect: SA110
"""Starts the calendar server with anyio."""

import anyio

from calendar_mcp.tokens import InMemoryTokenProvider
from calendar_mcp.tools import build_mcp

ISSUER = "https://calendar.example.com"


def main() -> None:
    provider = InMemoryTokenProvider(issuer=ISSUER)
    mcp = build_mcp(provider, ISSUER)
    anyio.run(mcp.run_streamable_http_async)


if __name__ == "__main__":
    main()
