"""Chat endpoint that stores each conversation's messages in the database."""

from uuid import UUID, uuid4

from fastapi import APIRouter, HTTPException
from openai import AsyncOpenAI
from pydantic import BaseModel
from sqlmodel import select

from app.db import SessionDep
from app.models import Conversation, Message

router = APIRouter(prefix="/chat", tags=["chat"])
client = AsyncOpenAI()
MODEL = "gpt-4o-mini"


class ChatIn(BaseModel):
    conversation_id: UUID | None = None
    message: str


@router.post("")
async def chat(body: ChatIn, session: SessionDep) -> dict[str, str]:
    if body.conversation_id is None:
        conversation = Conversation(id=uuid4())
        session.add(conversation)
    else:
        conversation = session.get(Conversation, body.conversation_id)
        if conversation is None:
            raise HTTPException(status_code=404, detail="unknown conversation")
    session.add(Message(conversation_id=conversation.id, role="user", content=body.message))
    session.flush()
    rows = session.exec(
        select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id)
    ).all()
    messages = [{"role": row.role, "content": row.content} for row in rows]
    completion = await client.chat.completions.create(model=MODEL, messages=messages)
    reply = completion.choices[0].message.content or ""
    session.add(Message(conversation_id=conversation.id, role="assistant", content=reply))
    session.commit()
    return {"conversation_id": str(conversation.id), "reply": reply}
