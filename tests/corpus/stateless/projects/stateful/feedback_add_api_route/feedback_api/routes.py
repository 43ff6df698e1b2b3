# expect: SA102
"""Feedback endpoints added to the app by a registration function."""

from fastapi import FastAPI
from pydantic import BaseModel


class Feedback(BaseModel):
    conversation_id: str
    rating: int
    comment: str = ""


def register_feedback_routes(app: FastAPI) -> None:
    received: list[Feedback] = []

    async def submit_feedback(feedback: Feedback) -> dict[str, int]:
        received.append(feedback)
        return {"count": len(received)}

    async def list_feedback() -> list[Feedback]:
        return received

    app.add_api_route("/feedback", submit_feedback, methods=["POST"])
    app.add_api_route("/feedback", list_feedback, methods=["GET"])
