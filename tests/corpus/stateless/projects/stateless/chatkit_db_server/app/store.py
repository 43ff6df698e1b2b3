"""ChatKit store over the database: a session per call, nothing kept on the store."""

from chatkit.store import Store
from chatkit.types import Page, ThreadItem, ThreadMetadata
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.db import ItemRow, ThreadRow


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

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: dict) -> None:
        with Session(self.engine) as session:
            session.add(ItemRow(id=item.id, thread_id=thread_id, payload=item.model_dump_json()))
            session.commit()

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: dict
    ) -> Page[ThreadItem]:
        with Session(self.engine) as session:
            rows = session.exec(select(ItemRow).where(ItemRow.thread_id == thread_id).limit(limit))
            items = [ThreadItem.model_validate_json(row.payload) for row in rows]
        return Page(data=items, has_more=False)
