"""Chat endpoint; the transcript goes to the database from a worker thread."""

import asyncio
from pathlib import Path

from fastapi import APIRouter
from openai import AsyncOpenAI
from pydantic import BaseModel

from app.db import save_transcript

SYSTEM_PROMPT = Path(__file__).with_name("system_prompt.md")
router = APIRouter()
client = AsyncOpenAI()


class ChatRequest(BaseModel):
    messages: list[dict[str, str]]


@router.post("/chat/{conversation_id}")
async def chat(conversation_id: str, body: ChatRequest) -> dict[str, str]:
    system = await asyncio.to_thread(SYSTEM_PROMPT.read_text)
    completion = await client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "system", "content": system}, *body.messages]
    )
    answer = completion.choices[0].message.content or ""
    turns = [*body.messages, {"role": "assistant", "content": answer}]
    transcript = "\n\n".join(f"{m['role']}: {m['content']}" for m in turns)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, save_transcript, conversation_id, transcript)
    return {"reply": answer}
