"""Keeps the last events of every stream so clients can resume."""

from collections import deque
from itertools import count

from mcp.server.streamable_http import EventCallback, EventId, EventMessage, EventStore, StreamId
from mcp.types import JSONRPCMessage


class ReplayLog(EventStore):
    def __init__(self, max_events: int = 1000) -> None:
        self.events: deque[tuple[EventId, StreamId, JSONRPCMessage | None]] = deque(
            maxlen=max_events
        )
        self.ids = count(1)

    async def store_event(self, stream_id: StreamId, message: JSONRPCMessage | None) -> EventId:
        event_id = str(next(self.ids))
        self.events.append((event_id, stream_id, message))
        return event_id

    async def replay_events_after(
        self, last_event_id: EventId, send_callback: EventCallback
    ) -> StreamId | None:
        found: StreamId | None = None
        for event_id, stream_id, message in list(self.events):
            if found is not None and stream_id == found and message is not None:
                await send_callback(EventMessage(message, event_id))
            elif event_id == last_event_id:
                found = stream_id
        return found
