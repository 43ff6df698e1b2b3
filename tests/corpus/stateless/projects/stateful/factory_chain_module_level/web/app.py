# expect: SA104
from fastapi import FastAPI

from core.factory import make_agent

app = FastAPI()
agent = make_agent()


@app.post("/ask")
async def ask(q: str) -> dict[str, str]:
    return {"answer": await agent.ask(q)}
