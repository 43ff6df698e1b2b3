from fastapi import APIRouter

from llm.client import get_client

router = APIRouter()


@router.post("/complete")
async def complete(prompt: str) -> dict[str, str]:
    resp = await get_client().responses.create(model="gpt-4o-mini", input=prompt)
    return {"text": resp.output_text}
