from fastapi import FastAPI

from prompts.loader import PROMPTS, book

app = FastAPI()


@app.get("/prompts")
async def list_prompts() -> list[str]:
    return sorted(PROMPTS)


@app.get("/prompts/{name}")
async def render(name: str, user: str) -> dict[str, str]:
    return {"prompt": book.get(name, user=user)}
