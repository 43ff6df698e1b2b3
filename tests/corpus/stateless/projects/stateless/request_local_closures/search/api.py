import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()
http = httpx.AsyncClient(timeout=10)
SOURCES = ("https://a.example/search", "https://b.example/search")


@app.get("/search")
async def search(q: str) -> list[dict[str, object]]:
    results: list[dict[str, object]] = []

    async def fetch(url: str) -> None:
        resp = await http.get(url, params={"q": q})
        results.extend(resp.json())

    await asyncio.gather(*(fetch(u) for u in SOURCES))

    def score(doc: dict[str, object]) -> int:
        return str(doc.get("title", "")).lower().count(q.lower())

    return sorted(results, key=score, reverse=True)
