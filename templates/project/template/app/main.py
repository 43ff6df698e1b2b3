"""The FastAPI application: every router is mounted under /api."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.health import router as health_router
from app.api.users import router as users_router
from app.core.config import API_PREFIX, check_can_serve, get_settings
from app.core.errors import register_error_handlers

settings = get_settings()
check_can_serve(settings)  # no secret, no app: one line naming the setting, exit 1

app = FastAPI(
    title=settings.PROJECT_NAME,
    openapi_url=f"{API_PREFIX}/openapi.json" if settings.docs_enabled else None,
    docs_url=f"{API_PREFIX}/docs" if settings.docs_enabled else None,
    redoc_url=None,
)
if settings.CORS_ORIGINS:
    # Bearer tokens, not cookies: no credentials mode, only the headers the API reads.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.CORS_ORIGINS,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
    )
register_error_handlers(app)

app.include_router(health_router, prefix=API_PREFIX)
app.include_router(users_router, prefix=API_PREFIX)
