"""Fixed-window rate limiting in Redis, shared by every instance."""

import time

import redis.asyncio as redis


class RedisRateLimiter:
    def __init__(self, url: str, limit: int, window: int = 60) -> None:
        self.redis = redis.from_url(url)
        self.limit = limit
        self.window = window

    async def allow(self, key: str) -> bool:
        bucket = f"rate:{key}:{int(time.time() // self.window)}"
        hits = await self.redis.incr(bucket)
        if hits == 1:
            await self.redis.expire(bucket, self.window)
        return hits <= self.limit
