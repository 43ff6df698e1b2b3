# expect: SA111
import time
from collections import defaultdict

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp


class RateLimitMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, per_minute: int = 30) -> None:
        super().__init__(app)
        self.per_minute = per_minute
        self.windows: dict[str, list[float]] = defaultdict(list)

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        key = request.headers.get("x-api-key", "anonymous")
        now = time.monotonic()
        window = [t for t in self.windows[key] if now - t < 60]
        window.append(now)
        self.windows[key] = window
        if len(window) > self.per_minute:
            return JSONResponse({"detail": "slow down"}, status_code=429)
        return await call_next(request)
