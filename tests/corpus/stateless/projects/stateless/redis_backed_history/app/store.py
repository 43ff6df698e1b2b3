import json

import redis.asyncio as redis


class RedisHistory:
    def __init__(self, url: str) -> None:
        self._redis = redis.from_url(url)

    async def append(self, conversation_id: str, message: dict[str, str]) -> None:
        await self._redis.rpush(f"chat:{conversation_id}", json.dumps(message))

    async def load(self, conversation_id: str) -> list[dict[str, str]]:
        raw = await self._redis.lrange(f"chat:{conversation_id}", 0, -1)
        return [json.loads(r) for r in raw]


history = RedisHistory("redis://cache:6379/0")
