from fastapi import FastAPI

from bot.catalog import catalog

app = FastAPI()


@app.get("/tools/{name}")
async def describe(name: str) -> dict[str, str]:
    return {"description": catalog.describe(name)}
