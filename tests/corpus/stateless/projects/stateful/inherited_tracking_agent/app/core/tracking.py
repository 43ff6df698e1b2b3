"""Base class for agents that keep an audit trail of their tool calls."""

from datetime import UTC, datetime
from typing import Any


class TrackingAgent:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def record(self, tool: str, arguments: dict[str, Any]) -> None:
        self.calls.append({"tool": tool, "arguments": arguments, "at": datetime.now(UTC)})

    def audit_trail(self) -> list[dict[str, Any]]:
        return list(self.calls)
