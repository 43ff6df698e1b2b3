"""Answers kept for a few minutes so repeated questions are cheap."""

import time


class AnswerCache:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, str]] = {}

    def get(self, key: str) -> str | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_at, value = entry
        if time.monotonic() - stored_at > self.ttl:
            del self._entries[key]
            return None
        return value

    def put(self, key: str, value: str) -> None:
        self._entries[key] = (time.monotonic(), value)
