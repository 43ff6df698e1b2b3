"""Shared HTTP client and model created in the lifespan, read by handlers."""

from contextlib import asynccontextmanager
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    app.state.model_name = "gpt-4o-mini"
    yield
    await app.state.http.aclose()


app = FastAPI(lifespan=lifespan)


def http_client(request: Request) -> httpx.AsyncClient:
    return request.app.state.http


HttpDep = Annotated[httpx.AsyncClient, Depends(http_client)]


@app.get("/proxy/{path:path}")
async def proxy(path: str, http: HttpDep) -> dict:
    response = await http.get(f"https://api.example.com/{path}")
    return response.json()
