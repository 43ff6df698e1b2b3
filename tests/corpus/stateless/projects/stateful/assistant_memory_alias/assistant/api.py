# expect: SA104
"""Chat endpoint answering with the conversation's recent turns."""

from fastapi import FastAPI
from openai import AsyncOpenAI

import assistant.memory as mem
from assistant.config import settings

app = FastAPI()
client = AsyncOpenAI()
memory = mem.TurnMemory(max_turns=settings.max_turns)


@app.post("/conversations/{conversation_id}/messages")
async def send(conversation_id: str, text: str) -> dict[str, str]:
    memory.add(conversation_id, "user", text)
    completion = await client.chat.completions.create(
        model=settings.model, messages=memory.history(conversation_id)
    )
    answer = completion.choices[0].message.content or ""
    memory.add(conversation_id, "assistant", answer)
    return {"reply": answer}
