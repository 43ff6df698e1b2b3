"""Agents SDK session over the database; blocking queries run in a worker thread."""

import asyncio
import json

from agents.items import TResponseInputItem
from agents.memory.session import SessionABC
from sqlalchemy import Engine
from sqlmodel import Session, col, delete, select

from concierge.db import SessionItem


class DatabaseSession(SessionABC):
    def __init__(self, session_id: str, engine: Engine) -> None:
        self.session_id = session_id
        self.engine = engine

    def _load(self, limit: int | None) -> list[TResponseInputItem]:
        with Session(self.engine) as session:
            query = select(SessionItem).where(SessionItem.session_id == self.session_id)
            rows = session.exec(query.order_by(col(SessionItem.id))).all()
        items = [json.loads(row.payload) for row in rows]
        return items[-limit:] if limit else items

    def _insert(self, items: list[TResponseInputItem]) -> None:
        with Session(self.engine) as session:
            for item in items:
                session.add(SessionItem(session_id=self.session_id, payload=json.dumps(item)))
            session.commit()

    def _clear(self) -> None:
        with Session(self.engine) as session:
            session.exec(delete(SessionItem).where(col(SessionItem.session_id) == self.session_id))
            session.commit()

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        return await asyncio.to_thread(self._load, limit)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        await asyncio.to_thread(self._insert, items)

    async def pop_item(self) -> TResponseInputItem | None:
        items = await self.get_items()
        return items[-1] if items else None

    async def clear_session(self) -> None:
        await asyncio.to_thread(self._clear)
