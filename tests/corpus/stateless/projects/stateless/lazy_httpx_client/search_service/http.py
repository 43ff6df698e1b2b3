"""The search backend's HTTP client, created on first use and closed at shutdown."""

import httpx

_client: httpx.AsyncClient | None = None


def get_client() -> httpx.AsyncClient:
    global _client
    if _client is None:
        _client = httpx.AsyncClient(base_url="https://search.internal", timeout=5.0)
    return _client


async def close_client() -> None:
    if _client is not None:
        await _client.aclose()
