from collections.abc import AsyncIterator
from typing import Any

from agents import Agent
from chatkit.server import ChatKitServer
from chatkit.types import ThreadMetadata, ThreadStreamEvent, UserMessageItem
from sqlalchemy.ext.asyncio import create_async_engine

from app.store import SqlStore


class HelpDesk(ChatKitServer[dict[str, Any]]):
    def __init__(self, store: SqlStore) -> None:
        super().__init__(store)
        self.agent = Agent(name="HelpDesk", instructions="Help.")

    async def respond(
        self, thread: ThreadMetadata, input_user_message: UserMessageItem | None, context: dict[str, Any]
    ) -> AsyncIterator[ThreadStreamEvent]:
        if False:
            yield


engine = create_async_engine("postgresql+asyncpg://app@db/app")
server = HelpDesk(store=SqlStore(engine))
