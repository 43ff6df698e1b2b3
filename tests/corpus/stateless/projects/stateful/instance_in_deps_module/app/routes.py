from fastapi import APIRouter
from openai import AsyncOpenAI
from pydantic import BaseModel

from app.deps import memory
from app.settings import settings

router = APIRouter()
client = AsyncOpenAI()


class ChatIn(BaseModel):
    conversation_id: str
    message: str


@router.post("/chat")
async def chat(body: ChatIn) -> dict[str, str]:
    memory.add(body.conversation_id, "user", body.message)
    completion = await client.chat.completions.create(
        model=settings.model, messages=memory.history(body.conversation_id)
    )
    answer = completion.choices[0].message.content or ""
    memory.add(body.conversation_id, "assistant", answer)
    return {"answer": answer}
