"""Request, response and table models with list defaults (copied per instance)."""

from datetime import datetime, timezone
from uuid import UUID, uuid4

from pydantic import BaseModel, Field
from sqlmodel import JSON, Column
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class ChatRequest(BaseModel):
    message: str
    attachments: list[str] = []
    metadata: dict[str, str] = Field(default_factory=dict)

    def with_attachment(self, url: str) -> "ChatRequest":
        self.attachments.append(url)
        return self


class ConversationBase(SQLModel):
    title: str = ""
    tags: list[str] = SQLField(default_factory=list, sa_column=Column(JSON))


class Conversation(ConversationBase, table=True):
    id: UUID = SQLField(default_factory=uuid4, primary_key=True)
    created_at: datetime = SQLField(default_factory=utcnow)

    def tag(self, name: str) -> None:
        self.tags.append(name)


class ConversationRead(ConversationBase):
    id: UUID
