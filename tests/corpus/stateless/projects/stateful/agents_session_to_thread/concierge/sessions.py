# expect: SA108
"""Agents SDK session that stores each conversation as a JSON file."""

import asyncio
import json
from pathlib import Path

from agents.items import TResponseInputItem
from agents.memory.session import SessionABC


class JsonFileSession(SessionABC):
    def __init__(self, session_id: str, directory: Path) -> None:
        self.session_id = session_id
        self.path = directory / f"{session_id}.json"

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        if not self.path.exists():
            return []
        items = json.loads(await asyncio.to_thread(self.path.read_text))
        return items[-limit:] if limit else items

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        existing = await self.get_items()
        existing.extend(items)
        await asyncio.to_thread(self.path.write_text, json.dumps(existing))

    async def pop_item(self) -> TResponseInputItem | None:
        items = await self.get_items()
        if not items:
            return None
        last = items.pop()
        await asyncio.to_thread(self.path.write_text, json.dumps(items))
        return last

    async def clear_session(self) -> None:
        await asyncio.to_thread(self.path.unlink, missing_ok=True)
