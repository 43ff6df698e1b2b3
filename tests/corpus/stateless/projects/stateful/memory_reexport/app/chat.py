# expect: SA104
"""Chat with Claude, remembering the conversation."""

from anthropic import AsyncAnthropic
from fastapi import APIRouter

from app.memory import ConversationBuffer

router = APIRouter()
client = AsyncAnthropic()
buffer = ConversationBuffer(limit=50)


@router.post("/chat/{conversation_id}")
async def chat(conversation_id: str, text: str) -> dict[str, str]:
    buffer.append(conversation_id, "user", text)
    message = await client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        messages=buffer.get(conversation_id),
    )
    answer = message.content[0].text
    buffer.append(conversation_id, "assistant", answer)
    return {"reply": answer}
