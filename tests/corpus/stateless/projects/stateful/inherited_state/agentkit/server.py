# expect: SA104
from fastapi import FastAPI
from pydantic import BaseModel

from agentkit.chat import ChatMemory

app = FastAPI()
memory = ChatMemory()


class Turn(BaseModel):
    text: str


@app.post("/turn")
async def turn(body: Turn) -> dict[str, str]:
    memory.remember(body.text)
    return {"context": memory.render()}
