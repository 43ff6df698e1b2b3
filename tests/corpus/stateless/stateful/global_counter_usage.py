# expect: SA102
"""Token accounting with module globals."""

import logging

from fastapi import APIRouter

logger = logging.getLogger(__name__)
router = APIRouter()

total_tokens = 0
requests_served = 0


def account(prompt_tokens: int, completion_tokens: int) -> None:
    global total_tokens, requests_served
    total_tokens += prompt_tokens + completion_tokens
    requests_served += 1
    logger.info("served %s requests", requests_served)


@router.get("/usage")
def usage() -> dict[str, int]:
    return {"tokens": total_tokens, "requests": requests_served}
