# expect: SA104
from fastapi import FastAPI
from pydantic import BaseModel

from .stores import TurnStore

app = FastAPI()
store = TurnStore()


class Message(BaseModel):
    user_id: str
    text: str


@app.post("/messages")
def post_message(msg: Message) -> dict[str, list[str]]:
    store.append(msg.user_id, msg.text)
    return {"recent": store.last(msg.user_id)}
