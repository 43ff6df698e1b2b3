# expect: SA108
import os

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class KeyIn(BaseModel):
    api_key: str


@router.post("/keys")
async def set_key(body: KeyIn) -> dict[str, bool]:
    os.environ["OPENAI_API_KEY"] = body.api_key
    return {"ok": True}
