"""ChatKit threads in the database."""

from chatkit.store import Store
from chatkit.types import ThreadMetadata
from sqlalchemy import Engine
from sqlmodel import Field, Session, SQLModel


class ThreadRow(SQLModel, table=True):
    id: str = Field(primary_key=True)
    payload: str


class DatabaseStore(Store[dict]):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def load_thread(self, thread_id: str, context: dict) -> ThreadMetadata:
        with Session(self.engine) as session:
            row = session.get(ThreadRow, thread_id)
            return ThreadMetadata.model_validate_json(row.payload)

    async def save_thread(self, thread: ThreadMetadata, context: dict) -> None:
        with Session(self.engine) as session:
            session.merge(ThreadRow(id=thread.id, payload=thread.model_dump_json()))
            session.commit()
