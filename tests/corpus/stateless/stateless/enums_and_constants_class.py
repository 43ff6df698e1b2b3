"""Roles, statuses and a policy class with class-level constants."""

from enum import Enum, StrEnum
from typing import ClassVar


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


class Status(Enum):
    OPEN = 1
    CLOSED = 2


class ModerationPolicy:
    BLOCKED_TERMS: ClassVar[frozenset[str]] = frozenset({"password", "ssn"})
    LIMITS: ClassVar[dict[str, int]] = {"free": 20, "pro": 200}

    def __init__(self, plan: str) -> None:
        self.plan = plan
        self.flags: list[str] = []

    def check(self, text: str) -> bool:
        for term in self.BLOCKED_TERMS:
            if term in text.lower():
                self.flags.append(term)
        return not self.flags

    def limit(self) -> int:
        return self.LIMITS.get(self.plan, 0)
