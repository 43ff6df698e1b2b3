from fastapi import FastAPI

from .middleware import ActivityMiddleware

app = FastAPI()
app.add_middleware(ActivityMiddleware)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
