"""Security headers and an origin check, configured by the settings."""

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

from app.settings import Settings


class SecurityHeadersMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        super().__init__(app)
        self.settings = settings

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        origin = request.headers.get("origin")
        if origin and origin not in self.settings.allowed_origins:
            return PlainTextResponse("origin not allowed", status_code=403)
        response = await call_next(request)
        response.headers["content-security-policy"] = self.settings.content_security_policy
        response.headers["x-content-type-options"] = "nosniff"
        return response
