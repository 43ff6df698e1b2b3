"""Command-line entry point that prepares the environment before serving."""

import argparse
import os

import uvicorn

DEFAULT_PORT = 8000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="agents")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--env", default="production")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ["APP_ENV"] = args.env
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    uvicorn.run("app.main:app", host="0.0.0.0", port=args.port)


if __name__ == "__main__":
    main()
