"""Notes in the database; the notebook holds only the engine."""

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from .db import Note


class Notebook:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, title: str, body: str) -> Note:
        with Session(self.engine) as session:
            note = Note(title=title, body=body)
            session.add(note)
            session.commit()
            session.refresh(note)
            return note

    def search(self, text: str) -> list[Note]:
        with Session(self.engine) as session:
            return list(session.exec(select(Note).where(col(Note.body).contains(text))))
