"""Gemini chat rebuilt from stored messages on every request."""

import google.generativeai as genai
from fastapi import FastAPI
from sqlmodel import select

from app.config import settings
from app.db import SessionDep
from app.models import Turn

genai.configure(api_key=settings.gemini_api_key)
model = genai.GenerativeModel("gemini-1.5-flash", system_instruction="Be brief.")
app = FastAPI()


@app.post("/gemini/{user_id}")
def talk(user_id: str, text: str, session: SessionDep) -> dict[str, str]:
    turns = session.exec(select(Turn).where(Turn.user_id == user_id).order_by(Turn.id)).all()
    history = [{"role": turn.role, "parts": [turn.text]} for turn in turns]
    chat = model.start_chat(history=history)
    response = chat.send_message(text)
    session.add(Turn(user_id=user_id, role="user", text=text))
    session.add(Turn(user_id=user_id, role="model", text=response.text))
    session.commit()
    return {"reply": response.text}
