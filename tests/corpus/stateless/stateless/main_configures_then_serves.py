import argparse

from mcp.server.fastmcp import FastMCP

DEBUG = False
mcp = FastMCP("echo")


def configure(debug: bool) -> None:
    global DEBUG
    DEBUG = debug


@mcp.tool()
def echo(text: str) -> str:
    return f"[debug] {text}" if DEBUG else text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args()
    configure(args.debug)
    mcp.run(transport="streamable-http")


if __name__ == "__main__":
    main()
