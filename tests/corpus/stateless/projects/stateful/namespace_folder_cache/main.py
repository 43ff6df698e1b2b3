from fastapi import FastAPI

from services.answer import answer

app = FastAPI()


@app.get("/answer")
async def get_answer(q: str) -> dict[str, str]:
    return {"answer": await answer(q)}
