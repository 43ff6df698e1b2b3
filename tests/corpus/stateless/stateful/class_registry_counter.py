# expect: SA103
"""Agent base class counting runs per tool on the class itself."""

from collections import Counter


class ToolAgent:
    tool_runs: Counter[str] = Counter()
    total_runs = 0

    def __init__(self, name: str) -> None:
        self.name = name

    @classmethod
    def record(cls, tool: str) -> None:
        cls.tool_runs[tool] += 1
        cls.total_runs += 1

    def run_tool(self, tool: str, payload: dict) -> dict:
        type(self).record(tool)
        return {"tool": tool, "payload": payload}
