from fastapi import FastAPI

from app import llm

app = FastAPI()


@app.post("/complete")
async def complete(prompt: str) -> dict[str, str]:
    return {"text": await llm.complete(prompt)}
