"""Notes kept by id."""

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Note:
    id: int
    title: str
    body: str
    created_at: datetime


class Notebook:
    def __init__(self) -> None:
        self.notes: dict[int, Note] = {}
        self.next_id = 1

    def add(self, title: str, body: str) -> Note:
        note = Note(self.next_id, title, body, datetime.now(UTC))
        self.notes[note.id] = note
        self.next_id += 1
        return note

    def search(self, text: str) -> list[Note]:
        return [note for note in self.notes.values() if text.lower() in note.body.lower()]
