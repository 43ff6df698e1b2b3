# expect: SA104
from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from chat.server import Assistant
from chat.store import PostgresStore

engine = create_async_engine("postgresql+asyncpg://app@db/app")
server = Assistant(PostgresStore(async_sessionmaker(engine)))
app = FastAPI()


@app.post("/chatkit")
async def chatkit(request: Request) -> Response:
    result = await server.process(await request.body(), {})
    return Response(content=result.json, media_type="application/json")
