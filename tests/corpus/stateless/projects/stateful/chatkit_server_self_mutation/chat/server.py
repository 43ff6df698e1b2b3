from collections.abc import AsyncIterator
from typing import Any

from chatkit.server import ChatKitServer
from chatkit.types import ThreadMetadata, ThreadStreamEvent, UserMessageItem

from chat.store import PostgresStore


class Assistant(ChatKitServer[dict[str, Any]]):
    def __init__(self, store: PostgresStore) -> None:
        super().__init__(store)
        self.active_runs: dict[str, int] = {}

    async def respond(
        self, thread: ThreadMetadata, input_user_message: UserMessageItem | None, context: dict[str, Any]
    ) -> AsyncIterator[ThreadStreamEvent]:
        self.active_runs[thread.id] = self.active_runs.get(thread.id, 0) + 1
        if False:
            yield
