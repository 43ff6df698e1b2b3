# expect: SA111
from starlette.types import ASGIApp, Receive, Scope, Send


class AuditMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen_tokens: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            token = headers.get(b"authorization", b"").decode()
            if token:
                self.seen_tokens.add(token)
        await self.app(scope, receive, send)
