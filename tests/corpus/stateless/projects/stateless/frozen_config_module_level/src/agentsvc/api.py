from fastapi import FastAPI

from agentsvc.config import CONFIG

app = FastAPI()


@app.get("/config")
async def config(kind: str = "chat") -> dict[str, object]:
    return {"model": CONFIG.model, "temperature": CONFIG.temperatures.get(kind, 0.5)}
