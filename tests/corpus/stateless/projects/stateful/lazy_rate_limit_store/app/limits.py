"""Counts requests per user in fixed one-minute windows."""

import time


class RateLimitStore:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.windows: dict[tuple[str, int], int] = {}

    def hit(self, user_id: str) -> int:
        window = (user_id, int(time.time() // 60))
        self.windows[window] = self.windows.get(window, 0) + 1
        return self.windows[window]
