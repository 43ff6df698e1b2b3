# expect: SA104
"""One agent object created at import and shared by every request."""

from fastapi import APIRouter
from openai import OpenAI


class TravelAgent:
    def __init__(self, model: str) -> None:
        self.client = OpenAI()
        self.model = model
        self.messages: list[dict[str, str]] = []
        self.current_user: str | None = None

    def chat(self, user_id: str, text: str) -> str:
        self.current_user = user_id
        self.messages.append({"role": "user", "content": text})
        completion = self.client.chat.completions.create(model=self.model, messages=self.messages)
        answer = completion.choices[0].message.content or ""
        self.messages.append({"role": "assistant", "content": answer})
        return answer


agent = TravelAgent("gpt-4o")
router = APIRouter()


@router.post("/travel")
def travel(user_id: str, text: str) -> dict[str, str]:
    return {"reply": agent.chat(user_id, text)}
