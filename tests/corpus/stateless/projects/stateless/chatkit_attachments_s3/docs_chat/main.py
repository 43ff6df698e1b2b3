"""Docs assistant: a ChatKit server whose stores are the database and S3."""

from chatkit.server import ChatKitServer, StreamingResult
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse

from docs_chat.attachments import S3AttachmentStore
from docs_chat.db import engine
from docs_chat.store import DatabaseStore


class DocsServer(ChatKitServer[dict]):
    async def respond(self, thread, input_user_message, context):
        yield  # answers come from the docs agent


app = FastAPI()
server = DocsServer(
    store=DatabaseStore(engine), attachment_store=S3AttachmentStore("docs-uploads", engine)
)


@app.post("/chatkit")
async def chatkit(request: Request) -> Response:
    result = await server.process(await request.body(), {})
    if isinstance(result, StreamingResult):
        return StreamingResponse(result, media_type="text/event-stream")
    return Response(content=result.json, media_type="application/json")
