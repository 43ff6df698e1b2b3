# expect: SA104
"""HTTP endpoint of the ChatKit server."""

from chatkit.server import StreamingResult
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse

from app.server import SupportServer
from app.store import MemoryStore

app = FastAPI()
server = SupportServer(store=MemoryStore())


@app.post("/chatkit")
async def chatkit(request: Request) -> Response:
    result = await server.process(await request.body(), {"user": request.headers.get("x-user")})
    if isinstance(result, StreamingResult):
        return StreamingResponse(result, media_type="text/event-stream")
    return Response(content=result.json, media_type="application/json")
