# expect: SA111
"""Pure ASGI middleware limiting requests per client IP."""

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send


class RequestCounter:
    def __init__(self, app: ASGIApp, limit: int = 100) -> None:
        self.app = app
        self.limit = limit
        self.counts: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        ip = client[0] if client else "unknown"
        self.counts[ip] = self.counts.get(ip, 0) + 1
        if self.counts[ip] > self.limit:
            response = PlainTextResponse("Too many requests", status_code=429)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
