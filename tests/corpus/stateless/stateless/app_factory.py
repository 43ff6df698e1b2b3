"""Application factory: routers, middleware and state configured at startup."""

import logging

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api import chat, health
from app.config import Settings

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="agents", version="1.0.0")
    app.add_middleware(
        CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"]
    )
    app.include_router(health.router)
    app.include_router(chat.router, prefix="/api")
    app.state.settings = settings
    app.dependency_overrides = {}
    logger.info("app created")
    return app


app = create_app()
