from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from search_service.http import close_client, get_client


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await close_client()


app = FastAPI(lifespan=lifespan)


@app.get("/search")
async def search(q: str) -> list[dict]:
    response = await get_client().get("/query", params={"q": q})
    response.raise_for_status()
    return response.json()["hits"]
