# expect: SA111
"""CSRF protection: tokens handed out on safe requests, checked on unsafe ones."""

import secrets

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CSRFMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, cookie_name: str = "csrftoken") -> None:
        super().__init__(app)
        self.cookie_name = cookie_name
        self.issued: set[str] = set()

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method in SAFE_METHODS:
            token = secrets.token_urlsafe(32)
            self.issued.add(token)
            response = await call_next(request)
            response.set_cookie(self.cookie_name, token, httponly=False, samesite="strict")
            return response
        token = request.headers.get("x-csrf-token", "")
        if token not in self.issued:
            return PlainTextResponse("CSRF token missing or unknown", status_code=403)
        self.issued.discard(token)
        return await call_next(request)
