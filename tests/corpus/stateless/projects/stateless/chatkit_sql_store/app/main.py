from fastapi import FastAPI, Request
from fastapi.responses import Response

from app.server import server

app = FastAPI()


@app.post("/chatkit")
async def chatkit(request: Request) -> Response:
    result = await server.process(await request.body(), {})
    return Response(content=result.json, media_type="application/json")
