"""Resumable-stream events in Redis streams, readable by every instance."""

import redis.asyncio as redis
from mcp.server.streamable_http import EventCallback, EventId, EventMessage, EventStore, StreamId
from mcp.types import JSONRPCMessage


class RedisEventStore(EventStore):
    def __init__(self, url: str, max_len: int = 1000) -> None:
        self.redis = redis.from_url(url)
        self.max_len = max_len

    async def store_event(self, stream_id: StreamId, message: JSONRPCMessage | None) -> EventId:
        payload = message.model_dump_json() if message is not None else ""
        event_id = await self.redis.xadd(
            f"mcp:{stream_id}", {"message": payload}, maxlen=self.max_len
        )
        await self.redis.set(f"mcp:event:{event_id.decode()}", stream_id, ex=3600)
        return event_id.decode()

    async def replay_events_after(
        self, last_event_id: EventId, send_callback: EventCallback
    ) -> StreamId | None:
        stream_id = await self.redis.get(f"mcp:event:{last_event_id}")
        if stream_id is None:
            return None
        entries = await self.redis.xrange(f"mcp:{stream_id.decode()}", min=f"({last_event_id}")
        for event_id, fields in entries:
            if fields[b"message"]:
                message = JSONRPCMessage.model_validate_json(fields[b"message"])
                await send_callback(EventMessage(message, event_id.decode()))
        return stream_id.decode()
