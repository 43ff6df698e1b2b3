from sqlmodel import Session, select

from app.db import Turn


class ConversationRepo:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, conversation_id: str, content: str) -> None:
        self.session.add(Turn(conversation_id=conversation_id, content=content))
        self.session.commit()

    def turns(self, conversation_id: str) -> list[Turn]:
        return list(self.session.exec(select(Turn).where(Turn.conversation_id == conversation_id)))
