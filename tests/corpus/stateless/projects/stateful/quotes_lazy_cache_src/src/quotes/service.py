# expect: SA104
"""Quote lookups through the market data API, cached."""

import httpx

from quotes.cache import AnswerCache

_cache: AnswerCache | None = None


def cache() -> AnswerCache:
    global _cache
    if _cache is None:
        _cache = AnswerCache(ttl=300.0)
    return _cache


async def quote(symbol: str, user_id: str) -> str:
    key = f"{user_id}:{symbol}"
    cached = cache().get(key)
    if cached is not None:
        return cached
    async with httpx.AsyncClient(base_url="https://api.example-markets.com") as http:
        price = (await http.get(f"/quote/{symbol}")).json()["price"]
    answer = f"{symbol} trades at {price}"
    cache().put(key, answer)
    return answer
