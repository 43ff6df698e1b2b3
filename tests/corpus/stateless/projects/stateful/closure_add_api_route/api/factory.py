# expect: SA102
from fastapi import FastAPI
from pydantic import BaseModel


class Question(BaseModel):
    text: str


def create_app() -> FastAPI:
    app = FastAPI()
    recent_questions: list[str] = []

    async def ask(body: Question) -> dict[str, list[str]]:
        recent_questions.append(body.text)
        return {"recent": recent_questions[-5:]}

    app.add_api_route("/ask", ask, methods=["POST"])
    return app
