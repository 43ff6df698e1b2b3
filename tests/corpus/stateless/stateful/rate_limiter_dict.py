# expect: SA101
"""Per-user rate limiting with an in-memory sliding window."""

import time
from collections import defaultdict, deque

from fastapi import HTTPException, Request

WINDOW_SECONDS = 60
MAX_REQUESTS = 20
_hits: defaultdict[str, deque[float]] = defaultdict(deque)


async def rate_limit(request: Request) -> None:
    user = request.headers.get("x-user-id", "anonymous")
    now = time.monotonic()
    window = _hits[user]
    while window and now - window[0] > WINDOW_SECONDS:
        window.popleft()
    if len(window) >= MAX_REQUESTS:
        raise HTTPException(status_code=429, detail="too many requests")
    _hits[user].append(now)
