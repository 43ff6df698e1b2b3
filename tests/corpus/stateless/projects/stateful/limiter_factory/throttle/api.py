# expect: SA104
"""Completion endpoint limited per API key."""

from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException

from throttle.factory import build_limiter

limiter = build_limiter(per_minute=10)
app = FastAPI()


def check_rate(x_api_key: Annotated[str, Header()]) -> str:
    if not limiter.allow(x_api_key):
        raise HTTPException(status_code=429, detail="rate limit exceeded")
    return x_api_key


@app.post("/complete")
def complete(prompt: str, api_key: Annotated[str, Depends(check_rate)]) -> dict[str, str]:
    return {"completion": prompt[::-1]}
