from fastapi import FastAPI

from app.store import history

app = FastAPI()


@app.post("/chat/{cid}")
async def chat(cid: str, text: str) -> list[dict[str, str]]:
    await history.append(cid, {"role": "user", "content": text})
    return await history.load(cid)
