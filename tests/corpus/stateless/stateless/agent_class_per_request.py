"""Agent with instance state, created per request by a dependency and loaded from the DB."""

from typing import Annotated

from fastapi import APIRouter, Depends
from openai import OpenAI
from sqlmodel import Session, select

from app.db import SessionDep
from app.models import Message

client = OpenAI()
router = APIRouter()


class ConversationAgent:
    model = "gpt-4o-mini"
    stop_sequences = ("\nUser:",)

    def __init__(self, session: Session, conversation_id: str) -> None:
        self.session = session
        self.conversation_id = conversation_id
        self.messages: list[dict[str, str]] = []

    def load(self) -> None:
        rows = self.session.exec(
            select(Message).where(Message.conversation_id == self.conversation_id)
        ).all()
        self.messages = [{"role": row.role, "content": row.content} for row in rows]

    def reply(self, text: str) -> str:
        self.messages.append({"role": "user", "content": text})
        completion = client.chat.completions.create(model=self.model, messages=self.messages)
        answer = completion.choices[0].message.content or ""
        self.session.add(Message(conversation_id=self.conversation_id, role="user", content=text))
        self.session.add(
            Message(conversation_id=self.conversation_id, role="assistant", content=answer)
        )
        self.session.commit()
        return answer


def get_agent(conversation_id: str, session: SessionDep) -> ConversationAgent:
    agent = ConversationAgent(session, conversation_id)
    agent.load()
    return agent


@router.post("/conversations/{conversation_id}")
def reply(text: str, agent: Annotated[ConversationAgent, Depends(get_agent)]) -> dict[str, str]:
    return {"reply": agent.reply(text)}
