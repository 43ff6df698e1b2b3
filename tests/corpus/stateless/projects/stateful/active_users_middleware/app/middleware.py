# expect: SA111
"""Tracks who is active, for the admin dashboard."""

import time

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response


class ActivityMiddleware(BaseHTTPMiddleware):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.last_seen: dict[str, float] = {}
        self.total_requests = 0

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        self.total_requests += 1
        user = request.headers.get("x-user-id")
        if user:
            self.last_seen[user] = time.time()
        return await call_next(request)
