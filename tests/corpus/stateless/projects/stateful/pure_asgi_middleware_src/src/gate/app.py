from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gate.audit import AuditMiddleware


async def whoami(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


app = Starlette(routes=[Route("/whoami", whoami)], middleware=[Middleware(AuditMiddleware)])
