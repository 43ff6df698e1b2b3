"""Agent tools registered in a table at import time by a decorator."""

from collections.abc import Callable
from typing import Any

ToolFunc = Callable[..., Any]
TOOLS: dict[str, ToolFunc] = {}
SCHEMAS: list[dict[str, Any]] = []


def tool(name: str, description: str) -> Callable[[ToolFunc], ToolFunc]:
    def decorator(func: ToolFunc) -> ToolFunc:
        TOOLS[name] = func
        SCHEMAS.append({"name": name, "description": description})
        return func

    return decorator


@tool("weather", "Current weather for a city")
def weather(city: str) -> str:
    return f"sunny in {city}"


@tool("time", "Current time in a timezone")
def current_time(tz: str) -> str:
    return f"noon in {tz}"


def dispatch(name: str, arguments: dict[str, Any]) -> Any:
    return TOOLS[name](**arguments)
