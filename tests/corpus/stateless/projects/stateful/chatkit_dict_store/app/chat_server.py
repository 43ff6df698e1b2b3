# expect: SA104
from collections.abc import AsyncIterator
from typing import Any

from agents import Agent, Runner
from chatkit.agents import AgentContext, stream_agent_response
from chatkit.server import ChatKitServer
from chatkit.types import ThreadMetadata, ThreadStreamEvent, UserMessageItem

from app.memory_store import MemoryStore

assistant = Agent(name="Support", instructions="Help the user.")


class SupportServer(ChatKitServer[dict[str, Any]]):
    async def respond(
        self, thread: ThreadMetadata, input_user_message: UserMessageItem | None, context: dict[str, Any]
    ) -> AsyncIterator[ThreadStreamEvent]:
        agent_context = AgentContext(thread=thread, store=self.store, request_context=context)
        result = Runner.run_streamed(assistant, input_user_message.content[0].text, context=agent_context)
        async for event in stream_agent_response(agent_context, result):
            yield event


server = SupportServer(store=MemoryStore())
