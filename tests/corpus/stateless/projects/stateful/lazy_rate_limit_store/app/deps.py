# expect: SA104
"""Dependencies: the rate limit store, created on first use."""

from typing import Annotated

from fastapi import Depends, Header, HTTPException

from app.limits import RateLimitStore

_store: RateLimitStore | None = None


def get_rate_limit_store() -> RateLimitStore:
    global _store
    if _store is None:
        _store = RateLimitStore(limit=60)
    return _store


def enforce_rate_limit(
    x_user_id: Annotated[str, Header()],
    store: Annotated[RateLimitStore, Depends(get_rate_limit_store)],
) -> None:
    if store.hit(x_user_id) > store.limit:
        raise HTTPException(status_code=429, detail="slow down")
