from openai import AsyncOpenAI

client = AsyncOpenAI()


async def complete(prompt: str) -> str:
    resp = await client.responses.create(model="gpt-4o-mini", input=prompt)
    return resp.output_text
