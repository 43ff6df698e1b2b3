# expect: SA101
from fastapi import APIRouter, HTTPException

from metrics.state import stats

router = APIRouter()


@router.post("/run/{user}")
async def run(user: str, prompt: str) -> dict[str, int]:
    stats.per_user[user] = stats.per_user.get(user, 0) + 1
    if not prompt.strip():
        stats.errors += 1
        raise HTTPException(400, "empty prompt")
    return {"runs": stats.per_user[user]}
