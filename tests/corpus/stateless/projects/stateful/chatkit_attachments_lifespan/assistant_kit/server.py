"""The assistant's ChatKit server."""

from chatkit.server import ChatKitServer


class AssistantServer(ChatKitServer[dict]):
    async def respond(self, thread, input_user_message, context):
        yield  # the assistant agent streams its answer here
