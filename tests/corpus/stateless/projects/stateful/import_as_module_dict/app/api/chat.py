# expect: SA101
from fastapi import APIRouter

import app.core.memory as mem

router = APIRouter(prefix="/chat")


@router.post("/{cid}")
async def post(cid: str, text: str) -> dict[str, int]:
    mem.CONVERSATIONS[cid].append(text)
    return {"turns": len(mem.CONVERSATIONS[cid])}
