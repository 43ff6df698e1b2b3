"""Websocket chat whose per-connection buffer lives in the handler and is persisted."""

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlmodel import Session

from app.db import engine
from app.models import Message

router = APIRouter()


@router.websocket("/ws/{conversation_id}")
async def conversation_socket(websocket: WebSocket, conversation_id: str) -> None:
    await websocket.accept()
    buffer: list[str] = []
    try:
        while True:
            text = await websocket.receive_text()
            buffer.append(text)
            with Session(engine) as session:
                session.add(Message(conversation_id=conversation_id, role="user", content=text))
                session.commit()
            await websocket.send_text(f"received {len(buffer)} messages")
    except WebSocketDisconnect:
        buffer.clear()
