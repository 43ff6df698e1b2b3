# expect: SA107, SA101
"""Gemini chat sessions kept per user between requests."""

import google.generativeai as genai
from fastapi import FastAPI

from app.config import settings

genai.configure(api_key=settings.gemini_api_key)
model = genai.GenerativeModel("gemini-1.5-flash", system_instruction="Be brief.")
app = FastAPI()
_sessions = {}


@app.post("/gemini/{user_id}")
def talk(user_id: str, text: str) -> dict[str, str]:
    chat = _sessions.get(user_id)
    if chat is None:
        chat = model.start_chat(history=[])
        _sessions[user_id] = chat
    response = chat.send_message(text)
    return {"reply": response.text}
