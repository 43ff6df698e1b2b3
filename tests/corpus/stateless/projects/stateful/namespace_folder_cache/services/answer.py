# expect: SA104
from openai import AsyncOpenAI

from services.cache import ResponseCache

client = AsyncOpenAI()
cache = ResponseCache(ttl=600)


async def answer(question: str) -> str:
    hit = cache.get(question)
    if hit is not None:
        return hit
    resp = await client.responses.create(model="gpt-4o-mini", input=question)
    cache.put(question, resp.output_text)
    return resp.output_text
