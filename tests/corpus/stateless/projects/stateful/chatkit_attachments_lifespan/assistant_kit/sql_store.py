"""Threads and items stored with SQLAlchemy."""

from chatkit.store import Store
from chatkit.types import ThreadMetadata
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


class SqlStore(Store[dict]):
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def load_thread(self, thread_id: str, context: dict) -> ThreadMetadata:
        async with self.engine.connect() as connection:
            row = await connection.execute(
                text("SELECT payload FROM threads WHERE id = :id"), {"id": thread_id}
            )
            return ThreadMetadata.model_validate_json(row.scalar_one())
