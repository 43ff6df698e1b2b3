# expect: SA106
"""Per-user sessions stored on app.state from inside handlers."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.sessions = {}
    yield


app = FastAPI(lifespan=lifespan)


@app.post("/login/{user_id}")
async def login(user_id: str, request: Request) -> dict[str, bool]:
    request.app.state.sessions[user_id] = {"cart": [], "history": []}
    return {"ok": True}


@app.post("/history/{user_id}")
async def add_history(user_id: str, text: str, request: Request) -> dict[str, int]:
    session = request.app.state.sessions[user_id]
    session["history"].append(text)
    request.app.state.last_user = user_id
    return {"turns": len(session["history"])}
