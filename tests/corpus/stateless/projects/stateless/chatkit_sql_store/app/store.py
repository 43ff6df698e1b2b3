from typing import Any

from chatkit.store import Store
from chatkit.types import ThreadItem, ThreadMetadata
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


class SqlStore(Store[dict[str, Any]]):
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def load_thread(self, thread_id: str, context: dict[str, Any]) -> ThreadMetadata:
        async with self.engine.connect() as conn:
            row = (await conn.execute(text("select data from threads where id=:id"), {"id": thread_id})).one()
        return ThreadMetadata.model_validate_json(row.data)

    async def save_thread(self, thread: ThreadMetadata, context: dict[str, Any]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                text("insert into threads(id, data) values (:id, :d) on conflict (id) do update set data=:d"),
                {"id": thread.id, "d": thread.model_dump_json()},
            )

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: dict[str, Any]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                text("insert into items(id, thread_id, data) values (:id, :t, :d)"),
                {"id": item.id, "t": thread_id, "d": item.model_dump_json()},
            )
