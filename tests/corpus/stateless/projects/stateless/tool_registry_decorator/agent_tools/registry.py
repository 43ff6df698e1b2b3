"""Tool registry filled by decorators when the tool modules are imported."""

from collections.abc import Callable
from typing import Any

Tool = Callable[..., Any]


class ToolRegistry:
    def __init__(self) -> None:
        self.tools: dict[str, Tool] = {}

    def register(self, func: Tool) -> Tool:
        self.tools[func.__name__] = func
        return func

    def call(self, name: str, arguments: dict[str, Any]) -> Any:
        return self.tools[name](**arguments)

    def names(self) -> list[str]:
        return sorted(self.tools)


registry = ToolRegistry()
