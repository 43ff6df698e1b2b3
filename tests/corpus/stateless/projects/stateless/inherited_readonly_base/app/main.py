"""Billing endpoint: the client sends the history, the agent keeps none."""

from fastapi import FastAPI
from pydantic import BaseModel

from app.agents.billing import BillingAgent

app = FastAPI()
billing = BillingAgent()


class Question(BaseModel):
    history: list[dict[str, str]] = []
    text: str


@app.post("/billing")
def ask(question: Question) -> dict[str, str]:
    return {"answer": billing.answer(question.history, question.text)}
