from fastapi import FastAPI

from web.middleware import RateLimitMiddleware

app = FastAPI()
app.add_middleware(RateLimitMiddleware, per_minute=20)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
