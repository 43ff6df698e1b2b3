"""Model calls."""

from openai import AsyncOpenAI

from app.config import MODEL

client = AsyncOpenAI()


async def complete(messages: list[dict[str, str]]) -> str:
    completion = await client.chat.completions.create(model=MODEL, messages=messages)
    return completion.choices[0].message.content or ""
