from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from app.routes import router


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.http = httpx.AsyncClient(base_url="https://search.example")
    app.state.ready = True
    yield
    await app.state.http.aclose()


app = FastAPI(lifespan=lifespan)
app.include_router(router)
