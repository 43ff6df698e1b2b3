from fastapi import APIRouter

from app.persistence import append_turn

router = APIRouter()


@router.post("/conversations/{conversation_id}")
async def add(conversation_id: str, content: str) -> dict[str, int]:
    turns = append_turn(conversation_id, "user", content)
    return {"turns": len(turns)}
