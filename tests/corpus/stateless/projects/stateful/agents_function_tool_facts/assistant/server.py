from agents import Runner
from fastapi import FastAPI

from assistant.agent import agent

app = FastAPI()


@app.post("/chat")
async def chat(text: str) -> dict[str, str]:
    result = await Runner.run(agent, text)
    return {"reply": str(result.final_output)}
