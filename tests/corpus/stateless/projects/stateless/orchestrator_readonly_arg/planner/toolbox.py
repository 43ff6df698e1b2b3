"""Tools the planner may call; they only read from outside services."""

import httpx


class Toolbox:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def search(self, query: str) -> list[str]:
        response = await self.http.get("https://search.internal/q", params={"q": query})
        return [hit["title"] for hit in response.json()["hits"]]
