from fastapi import Depends, FastAPI

from app.agent import Agent
from app.deps import get_agent

app = FastAPI()


@app.post("/ask")
def ask(q: str, agent: Agent = Depends(get_agent)) -> dict[str, str]:
    return {"answer": agent.ask(q)}


@app.post("/ask2")
def ask2(q: str) -> dict[str, str]:
    agent = Agent("gpt-4o-mini")
    return {"answer": agent.ask(q)}
