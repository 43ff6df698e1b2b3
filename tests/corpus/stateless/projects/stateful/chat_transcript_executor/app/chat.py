# expect: SA108
"""Chat endpoint that keeps a transcript of each conversation next to the server."""

import asyncio

from fastapi import APIRouter
from pydantic import BaseModel

from app.config import TRANSCRIPTS
from app.llm import complete

router = APIRouter()


class ChatRequest(BaseModel):
    messages: list[dict[str, str]]


def render(messages: list[dict[str, str]]) -> str:
    return "\n\n".join(f"**{m['role']}**: {m['content']}" for m in messages)


@router.post("/chat/{conversation_id}")
async def chat(conversation_id: str, body: ChatRequest) -> dict[str, str]:
    answer = await complete(body.messages)
    turns = [*body.messages, {"role": "assistant", "content": answer}]
    path = TRANSCRIPTS / f"{conversation_id}.md"
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, path.write_text, render(turns))
    return {"reply": answer}
