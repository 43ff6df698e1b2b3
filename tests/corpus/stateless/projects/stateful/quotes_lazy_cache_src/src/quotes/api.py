from fastapi import FastAPI

from quotes.service import quote

app = FastAPI()


@app.get("/quotes/{symbol}")
async def get_quote(symbol: str, user_id: str) -> dict[str, str]:
    return {"answer": await quote(symbol, user_id)}
