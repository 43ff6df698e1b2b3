from fastapi import FastAPI

from gateway.throttle import RequestCounter

app = FastAPI()
app.add_middleware(RequestCounter, limit=100)


@app.get("/search")
async def search(q: str) -> dict[str, str]:
    return {"q": q}
