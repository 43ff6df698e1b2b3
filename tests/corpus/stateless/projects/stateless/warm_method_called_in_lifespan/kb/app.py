from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from kb.instance import kb


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    kb.warm()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/lookup")
async def lookup(word: str) -> list[str]:
    return kb.lookup(word)
