"""CSRF protection with signed, expiring tokens: nothing to remember between requests."""

import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CSRFMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, secret_key: str, cookie_name: str = "csrftoken") -> None:
        super().__init__(app)
        self.cookie_name = cookie_name
        self.serializer = URLSafeTimedSerializer(secret_key, salt="csrf")

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method in SAFE_METHODS:
            response = await call_next(request)
            token = self.serializer.dumps(secrets.token_hex(16))
            response.set_cookie(self.cookie_name, token, samesite="strict")
            return response
        token = request.headers.get("x-csrf-token", "")
        try:
            self.serializer.loads(token, max_age=3600)
        except BadSignature:
            return PlainTextResponse("CSRF token invalid", status_code=403)
        if token != request.cookies.get(self.cookie_name):
            return PlainTextResponse("CSRF token mismatch", status_code=403)
        return await call_next(request)
