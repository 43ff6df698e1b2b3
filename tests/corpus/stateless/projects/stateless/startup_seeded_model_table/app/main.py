from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException

from app.models import MODELS, load_models


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    load_models("https://api.example/v1")
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/models/{model_id}")
async def model(model_id: str) -> dict[str, int]:
    if model_id not in MODELS:
        raise HTTPException(404)
    return {"context_window": MODELS[model_id]}
