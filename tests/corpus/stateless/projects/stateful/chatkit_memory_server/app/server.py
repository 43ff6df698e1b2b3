"""The ChatKit server: streams the support agent's answers."""

from collections.abc import AsyncIterator

from agents import Agent, Runner
from chatkit.agents import AgentContext, simple_to_agent_input, stream_agent_response
from chatkit.server import ChatKitServer
from chatkit.types import ThreadMetadata, ThreadStreamEvent, UserMessageItem

support_agent = Agent(name="support", instructions="Answer billing questions.")


class SupportServer(ChatKitServer[dict]):
    async def respond(
        self, thread: ThreadMetadata, input_user_message: UserMessageItem | None, context: dict
    ) -> AsyncIterator[ThreadStreamEvent]:
        agent_context = AgentContext(thread=thread, store=self.store, request_context=context)
        result = Runner.run_streamed(
            support_agent, await simple_to_agent_input(input_user_message), context=agent_context
        )
        async for event in stream_agent_response(agent_context, result):
            yield event
