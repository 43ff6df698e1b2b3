# expect: SA104
"""Support endpoints."""

from fastapi import FastAPI

from app.agents.support import SupportAgent

app = FastAPI()
agent = SupportAgent("gpt-4o-mini")


@app.post("/support")
def support(question: str) -> dict[str, str]:
    return {"answer": agent.answer(question)}


@app.get("/support/audit")
def audit() -> list[dict[str, object]]:
    return agent.audit_trail()
