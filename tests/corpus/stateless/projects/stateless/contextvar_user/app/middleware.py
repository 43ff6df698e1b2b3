from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from app.ctx import current_user


class UserMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        token = current_user.set(request.headers.get("x-user"))
        try:
            return await call_next(request)
        finally:
            current_user.reset(token)
