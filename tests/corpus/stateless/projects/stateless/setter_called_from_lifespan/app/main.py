import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.config import model, set_model


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    set_model(os.environ.get("MODEL", "gpt-4o-mini"))
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/model")
async def get_model() -> dict[str, str]:
    return {"model": model()}
