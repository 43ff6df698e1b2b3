# expect: SA108
"""Agent memory persisted with shelve on the instance's local disk."""

import shelve

from fastapi import APIRouter

router = APIRouter()


def load_memory(thread_id: str) -> list[str]:
    with shelve.open("agent_memory.db") as db:
        return db.get(thread_id, [])


@router.post("/threads/{thread_id}")
def remember(thread_id: str, fact: str) -> dict[str, int]:
    with shelve.open("agent_memory.db", writeback=True) as db:
        facts = db.setdefault(thread_id, [])
        facts.append(fact)
        return {"facts": len(facts)}
