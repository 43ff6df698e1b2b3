from fastapi import FastAPI

from mod.moderator import Moderator, moderator

app = FastAPI()


@app.post("/check")
async def check(plan: str, count: int, text: str) -> dict[str, object]:
    return {
        "allowed": moderator.allowed(plan, count),
        "flagged": moderator.flagged(text),
        "levels": Moderator.LEVELS,
    }
