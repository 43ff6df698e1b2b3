"""Event store for resumable streams: replays what a client missed after reconnecting."""

from dataclasses import dataclass
from uuid import uuid4

from mcp.server.streamable_http import EventCallback, EventId, EventMessage, EventStore, StreamId
from mcp.types import JSONRPCMessage


@dataclass
class StoredEvent:
    event_id: EventId
    stream_id: StreamId
    message: JSONRPCMessage | None


class InMemoryEventStore(EventStore):
    def __init__(self) -> None:
        self.streams: dict[StreamId, list[StoredEvent]] = {}
        self.by_id: dict[EventId, StoredEvent] = {}

    async def store_event(self, stream_id: StreamId, message: JSONRPCMessage | None) -> EventId:
        event = StoredEvent(uuid4().hex, stream_id, message)
        self.streams.setdefault(stream_id, []).append(event)
        self.by_id[event.event_id] = event
        return event.event_id

    async def replay_events_after(
        self, last_event_id: EventId, send_callback: EventCallback
    ) -> StreamId | None:
        last = self.by_id.get(last_event_id)
        if last is None:
            return None
        events = self.streams[last.stream_id]
        start = events.index(last) + 1
        for event in events[start:]:
            if event.message is not None:
                await send_callback(EventMessage(event.message, event.event_id))
        return last.stream_id
