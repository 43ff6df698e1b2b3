from typing import Any

from fastapi import FastAPI

from agent_tools import registry

app = FastAPI()


@app.get("/tools")
def list_tools() -> list[str]:
    return registry.names()


@app.post("/tools/{name}")
def call_tool(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {"result": registry.call(name, arguments)}
