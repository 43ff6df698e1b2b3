"""A process-wide HTTP client created lazily on first use."""

import httpx

from app.config import settings

_client: httpx.AsyncClient | None = None


def get_client() -> httpx.AsyncClient:
    global _client
    if _client is None:
        _client = httpx.AsyncClient(base_url=settings.search_url, timeout=5.0)
    return _client


async def search(query: str) -> list[dict]:
    response = await get_client().get("/search", params={"q": query})
    response.raise_for_status()
    return response.json()["results"]


async def close_client() -> None:
    if _client is not None:
        await _client.aclose()
