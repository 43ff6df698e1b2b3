"""Session messages in Redis, shared by every instance of the chef assistant."""

from langchain_community.chat_message_histories import RedisChatMessageHistory


class Memories:
    def __init__(self, redis_url: str, ttl: int = 7 * 24 * 3600) -> None:
        self.redis_url = redis_url
        self.ttl = ttl

    def for_session(self, session_id: str) -> RedisChatMessageHistory:
        return RedisChatMessageHistory(session_id, url=self.redis_url, ttl=self.ttl)


memories = Memories("redis://localhost:6379/1")
