from fastapi import FastAPI
from openai import AsyncOpenAI

from agents_pkg.support import SupportAgent

app = FastAPI()
client = AsyncOpenAI()


@app.post("/support")
async def support(text: str) -> dict[str, str]:
    agent = SupportAgent(client)
    return {"answer": await agent.reply(text)}
