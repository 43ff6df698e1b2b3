"""Request id propagated with a ContextVar set by middleware."""

import logging
import uuid
from contextvars import ContextVar

from fastapi import FastAPI, Request

request_id: ContextVar[str] = ContextVar("request_id", default="-")
logger = logging.getLogger("app.requests")
app = FastAPI()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


logger.addFilter(RequestIdFilter())


@app.middleware("http")
async def assign_request_id(request: Request, call_next):
    token = request_id.set(request.headers.get("x-request-id") or uuid.uuid4().hex)
    request.state.request_id = request_id.get()
    try:
        response = await call_next(request)
    finally:
        request_id.reset(token)
    response.headers["x-request-id"] = request.state.request_id
    return response
