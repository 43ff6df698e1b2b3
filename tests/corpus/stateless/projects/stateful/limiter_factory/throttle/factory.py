"""Builds the limiter with the configured rate."""

from .window import SlidingWindowLimiter


def build_limiter(per_minute: int = 30) -> SlidingWindowLimiter:
    return SlidingWindowLimiter(limit=per_minute, window=60.0)
