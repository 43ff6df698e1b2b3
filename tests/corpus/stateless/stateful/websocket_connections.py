# expect: SA101
"""Chat room that tracks live websockets and recent messages in memory."""

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

router = APIRouter()
active: set[WebSocket] = set()
recent_messages: list[str] = []


@router.websocket("/ws/room")
async def room(websocket: WebSocket) -> None:
    await websocket.accept()
    active.add(websocket)
    for message in recent_messages[-50:]:
        await websocket.send_text(message)
    try:
        while True:
            text = await websocket.receive_text()
            recent_messages.append(text)
            for peer in list(active):
                await peer.send_text(text)
    except WebSocketDisconnect:
        active.discard(websocket)
