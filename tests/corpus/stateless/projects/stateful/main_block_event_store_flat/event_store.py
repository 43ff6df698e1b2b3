from mcp.server.streamable_http import EventCallback, EventId, EventMessage, EventStore, StreamId
from mcp.types import JSONRPCMessage


class RingEventStore(EventStore):
    def __init__(self, size: int = 500) -> None:
        self.size = size
        self.events: list[tuple[EventId, StreamId, JSONRPCMessage | None]] = []
        self.counter = 0

    async def store_event(self, stream_id: StreamId, message: JSONRPCMessage | None) -> EventId:
        self.counter += 1
        event_id = str(self.counter)
        self.events.append((event_id, stream_id, message))
        self.events = self.events[-self.size :]
        return event_id

    async def replay_events_after(self, last_event_id: EventId, send_callback: EventCallback) -> StreamId | None:
        stream = None
        for event_id, stream_id, message in self.events:
            if int(event_id) > int(last_event_id) and message is not None:
                stream = stream_id
                await send_callback(EventMessage(message, event_id))
        return stream
