"""ChatKit store that reads and writes threads through the database."""

from chatkit.store import Store
from chatkit.types import Page, ThreadItem, ThreadMetadata
from sqlmodel import Session, select

from app.models import ItemRow, ThreadRow


class DatabaseStore(Store[dict]):
    def __init__(self, session: Session) -> None:
        self.session = session

    async def load_thread(self, thread_id: str, context: dict) -> ThreadMetadata:
        row = self.session.get(ThreadRow, thread_id)
        return ThreadMetadata.model_validate_json(row.payload)

    async def save_thread(self, thread: ThreadMetadata, context: dict) -> None:
        self.session.merge(ThreadRow(id=thread.id, payload=thread.model_dump_json()))
        self.session.commit()

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: dict) -> None:
        self.session.add(ItemRow(thread_id=thread_id, payload=item.model_dump_json()))
        self.session.commit()

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: dict
    ) -> Page[ThreadItem]:
        rows = self.session.exec(select(ItemRow).where(ItemRow.thread_id == thread_id).limit(limit))
        items = [ThreadItem.model_validate_json(row.payload) for row in rows]
        return Page(data=items, has_more=False)
