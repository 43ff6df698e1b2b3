from fastapi import FastAPI
from sqlmodel import Field, SQLModel

from app.deps import SessionDep


class Prompt(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    text: str


app = FastAPI()


@app.post("/prompts")
def save_prompt(text: str, session: SessionDep) -> Prompt:
    prompt = Prompt(text=text)
    session.add(prompt)
    session.commit()
    session.refresh(prompt)
    return prompt
