"""Background export that writes to a temporary file and uploads it."""

import csv
import tempfile

from fastapi import APIRouter, BackgroundTasks
from sqlmodel import Session, select

from app.db import engine
from app.models import Message
from app.storage import upload


def export_conversation(conversation_id: str) -> None:
    with Session(engine) as session:
        rows = session.exec(select(Message).where(Message.conversation_id == conversation_id))
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow([row.role, row.content])
    upload(handle.name, f"exports/{conversation_id}.csv")


router = APIRouter()


@router.post("/conversations/{conversation_id}/export")
def export(conversation_id: str, tasks: BackgroundTasks) -> dict[str, str]:
    tasks.add_task(export_conversation, conversation_id)
    return {"status": "scheduled"}
