# expect: SA106
from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter()


class ChatIn(BaseModel):
    conversation_id: str
    text: str


@router.post("/chat")
async def chat(request: Request, body: ChatIn) -> dict[str, str]:
    request.app.state.last_conversation_id = body.conversation_id
    client = request.app.state.openai
    resp = await client.responses.create(model="gpt-4o-mini", input=body.text)
    return {"reply": resp.output_text}
