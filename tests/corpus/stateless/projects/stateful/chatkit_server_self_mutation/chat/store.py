from typing import Any

from chatkit.store import Store
from chatkit.types import ThreadItem, ThreadMetadata
from sqlalchemy.ext.asyncio import async_sessionmaker

from chat.tables import ItemRow, ThreadRow


class PostgresStore(Store[dict[str, Any]]):
    def __init__(self, sessionmaker: async_sessionmaker) -> None:
        self.sessionmaker = sessionmaker

    async def load_thread(self, thread_id: str, context: dict[str, Any]) -> ThreadMetadata:
        async with self.sessionmaker() as s:
            row = await s.get(ThreadRow, thread_id)
            return ThreadMetadata.model_validate_json(row.data)

    async def save_thread(self, thread: ThreadMetadata, context: dict[str, Any]) -> None:
        async with self.sessionmaker() as s, s.begin():
            await s.merge(ThreadRow(id=thread.id, data=thread.model_dump_json()))

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: dict[str, Any]) -> None:
        async with self.sessionmaker() as s, s.begin():
            s.add(ItemRow(id=item.id, thread_id=thread_id, data=item.model_dump_json()))
