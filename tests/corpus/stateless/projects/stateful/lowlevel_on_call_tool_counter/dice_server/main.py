"""Runs the dice server over stdio."""

import anyio
from mcp.server.stdio import stdio_server

from dice_server.handlers import build_server


async def serve() -> None:
    server = build_server()
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


def main() -> None:
    anyio.run(serve)


if __name__ == "__main__":
    main()
