# expect: SA101
"""Chat endpoint that keeps every conversation in a module-level dict."""

from uuid import uuid4

from fastapi import APIRouter, HTTPException
from openai import AsyncOpenAI
from pydantic import BaseModel

router = APIRouter(prefix="/chat", tags=["chat"])
client = AsyncOpenAI()
conversations: dict[str, list[dict[str, str]]] = {}


class ChatIn(BaseModel):
    conversation_id: str | None = None
    message: str


class ChatOut(BaseModel):
    conversation_id: str
    reply: str


@router.post("", response_model=ChatOut)
async def chat(body: ChatIn) -> ChatOut:
    conversation_id = body.conversation_id or str(uuid4())
    if body.conversation_id and body.conversation_id not in conversations:
        raise HTTPException(status_code=404, detail="unknown conversation")
    messages = conversations.setdefault(conversation_id, [])
    messages.append({"role": "user", "content": body.message})
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=messages)
    reply = completion.choices[0].message.content or ""
    messages.append({"role": "assistant", "content": reply})
    return ChatOut(conversation_id=conversation_id, reply=reply)


@router.delete("/{conversation_id}")
async def reset(conversation_id: str) -> None:
    conversations.pop(conversation_id, None)
