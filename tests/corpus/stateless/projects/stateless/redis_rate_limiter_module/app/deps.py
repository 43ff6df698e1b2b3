import os
from typing import Annotated

from fastapi import Header, HTTPException

from app.limits import RedisRateLimiter

limiter = RedisRateLimiter(os.environ.get("REDIS_URL", "redis://localhost:6379/0"), limit=60)


async def rate_limit(x_api_key: Annotated[str, Header()]) -> None:
    if not await limiter.allow(x_api_key):
        raise HTTPException(status_code=429, detail="rate limit exceeded")
