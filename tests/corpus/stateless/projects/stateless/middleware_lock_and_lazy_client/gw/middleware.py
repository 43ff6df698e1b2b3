import asyncio

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send


class AuthCheckMiddleware:
    def __init__(self, app: ASGIApp, auth_url: str) -> None:
        self.app = app
        self.auth_url = auth_url
        self._lock = asyncio.Lock()
        self._client: httpx.AsyncClient | None = None

    async def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            async with self._lock:
                if self._client is None:
                    self._client = httpx.AsyncClient(base_url=self.auth_url)
        return self._client

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            client = await self._http()
            headers = dict(scope["headers"])
            resp = await client.get("/check", headers={"authorization": headers.get(b"authorization", b"").decode()})
            scope.setdefault("state", {})["user"] = resp.json().get("user")
        await self.app(scope, receive, send)
