from fastapi import Depends, FastAPI

from bot.history import History
from bot.providers import get_history

app = FastAPI()


@app.post("/say/{user_id}")
def say(user_id: str, text: str, history: History = Depends(get_history)) -> list[str]:
    history.push(user_id, text)
    return history.lines(user_id)
