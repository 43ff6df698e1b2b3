from fastapi import FastAPI

from bot.history import add_turn

app = FastAPI()


@app.post("/turn")
async def turn(text: str) -> dict[str, int]:
    return {"turns": len(add_turn(text))}
