from chatkit.server import ChatKitServer


class SupportServer(ChatKitServer[dict]):
    async def respond(self, thread, input_user_message, context):
        yield  # the support agent streams its answer here
