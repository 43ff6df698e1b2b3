# expect: SA101, SA102
"""Feedback webhook that de-duplicates events in memory."""

from fastapi import APIRouter, Request

router = APIRouter()
_seen_event_ids: set[str] = set()
_last_event_at = None


@router.post("/webhooks/feedback")
async def feedback(request: Request) -> dict[str, str]:
    global _last_event_at
    payload = await request.json()
    event_id = payload["id"]
    if event_id in _seen_event_ids:
        return {"status": "duplicate"}
    _seen_event_ids.add(event_id)
    _last_event_at = payload["created_at"]
    return {"status": "accepted"}
