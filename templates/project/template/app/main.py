"""The FastAPI application: every router is mounted under /api."""

from fastapi import FastAPI

from app.api.health import router as health_router
from app.api.users import router as users_router
from app.core.config import API_PREFIX, get_settings
from app.core.errors import register_error_handlers

app = FastAPI(
    title=get_settings().PROJECT_NAME,
    openapi_url=f"{API_PREFIX}/openapi.json",
    docs_url=f"{API_PREFIX}/docs",
    redoc_url=None,
)
register_error_handlers(app)

app.include_router(health_router, prefix=API_PREFIX)
app.include_router(users_router, prefix=API_PREFIX)
