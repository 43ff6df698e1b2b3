import time


class ResponseCache:
    def __init__(self, ttl: float = 300.0) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, str]] = {}

    def get(self, key: str) -> str | None:
        hit = self._entries.get(key)
        if hit and time.time() - hit[0] < self.ttl:
            return hit[1]
        return None

    def put(self, key: str, value: str) -> None:
        self._entries[key] = (time.time(), value)
