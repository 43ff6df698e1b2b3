from collections.abc import Callable
from typing import Any


class ToolRegistry:
    def __init__(self) -> None:
        self.tools: dict[str, Callable[..., Any]] = {}

    def register(self, func: Callable[..., Any]) -> Callable[..., Any]:
        self.tools[func.__name__] = func
        return func

    def call(self, name: str, **kwargs: Any) -> Any:
        return self.tools[name](**kwargs)


registry = ToolRegistry()
