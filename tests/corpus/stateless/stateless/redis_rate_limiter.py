"""Rate limiting with Redis, shared by every instance."""

import time

import redis.asyncio as redis
from fastapi import HTTPException, Request

from app.config import settings

WINDOW_SECONDS = 60
MAX_REQUESTS = 20
pool = redis.ConnectionPool.from_url(settings.redis_url)
client = redis.Redis(connection_pool=pool)


async def rate_limit(request: Request) -> None:
    user = request.headers.get("x-user-id", "anonymous")
    key = f"rate:{user}:{int(time.time() // WINDOW_SECONDS)}"
    hits = await client.incr(key)
    if hits == 1:
        await client.expire(key, WINDOW_SECONDS)
    if hits > MAX_REQUESTS:
        raise HTTPException(status_code=429, detail="too many requests")
