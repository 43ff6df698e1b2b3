from typing import Any

from fastapi import FastAPI

import agent.tools  # noqa: F401
from agent.registry import registry

app = FastAPI()


@app.post("/tools/{name}")
def call(name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"result": registry.call(name, **args)}
