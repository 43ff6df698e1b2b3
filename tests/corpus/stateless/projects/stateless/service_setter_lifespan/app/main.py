from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI
from openai import AsyncOpenAI

from app.embedding import EmbeddingService
from app.services import get_service, set_service


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    client = AsyncOpenAI()
    set_service(EmbeddingService(client))
    yield
    await client.close()


app = FastAPI(lifespan=lifespan)


@app.post("/embeddings")
async def embed(
    texts: list[str], service: Annotated[EmbeddingService, Depends(get_service)]
) -> list[list[float]]:
    return await service.embed(texts)
