from typing import Annotated

from fastapi import APIRouter, Depends
from openai import AsyncOpenAI

from svc.deps import get_tracker
from svc.usage import UsageTracker

router = APIRouter()
client = AsyncOpenAI()


@router.post("/complete/{user_id}")
async def complete(
    user_id: str, prompt: str, tracker: Annotated[UsageTracker, Depends(get_tracker)]
) -> dict[str, object]:
    resp = await client.responses.create(model="gpt-4o-mini", input=prompt)
    tracker.record(user_id, resp.usage.total_tokens)
    return {"text": resp.output_text, "used": tracker.total(user_id)}
