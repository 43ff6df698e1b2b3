"""What every bot has: a name and an HTTP client."""

import httpx


class BaseBot:
    def __init__(self, name: str) -> None:
        self.name = name
        self.http = httpx.Client(timeout=10.0)
