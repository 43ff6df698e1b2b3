"""Streaming completion: chunks collected per request, then stored."""

from collections.abc import AsyncIterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from openai import AsyncOpenAI

from app.db import SessionDep
from app.models import Message

router = APIRouter()
client = AsyncOpenAI()


@router.post("/stream/{conversation_id}")
async def stream(conversation_id: str, prompt: str, session: SessionDep) -> StreamingResponse:
    async def tokens() -> AsyncIterator[str]:
        parts: list[str] = []
        response = await client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}], stream=True
        )
        async for chunk in response:
            delta = chunk.choices[0].delta.content or ""
            parts.append(delta)
            yield delta
        session.add(Message(conversation_id=conversation_id, role="assistant", content="".join(parts)))
        session.commit()

    return StreamingResponse(tokens(), media_type="text/plain")
