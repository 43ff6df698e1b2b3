# expect: SA108
"""Conversation transcripts written as JSON files on the local disk."""

import json
from pathlib import Path

from fastapi import APIRouter

router = APIRouter()
TRANSCRIPTS = Path("var/transcripts")


def transcript_path(conversation_id: str) -> Path:
    return TRANSCRIPTS / f"{conversation_id}.json"


@router.post("/conversations/{conversation_id}/turns")
def add_turn(conversation_id: str, role: str, text: str) -> dict[str, int]:
    path = transcript_path(conversation_id)
    turns = json.loads(path.read_text()) if path.exists() else []
    turns.append({"role": role, "text": text})
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(turns, handle)
    return {"turns": len(turns)}
