from typing import Annotated

from fastapi import Depends, FastAPI

from app.store import SessionStore, get_store

app = FastAPI()
StoreDep = Annotated[SessionStore, Depends(get_store)]


@app.post("/sessions/{session_id}/messages")
async def add_message(session_id: str, text: str, store: StoreDep) -> dict[str, int]:
    store.save(session_id, text)
    return {"count": len(store.load(session_id))}


@app.get("/sessions/{session_id}")
async def read_session(session_id: str, store: StoreDep) -> list[str]:
    return store.load(session_id)
