"""Which login tokens are active, and when they were last used."""

from datetime import UTC, datetime


class SessionRegistry:
    def __init__(self) -> None:
        self.active: dict[str, datetime] = {}

    def touch(self, token: str) -> None:
        self.active[token] = datetime.now(UTC)

    def revoke(self, token: str) -> None:
        self.active.pop(token, None)

    def is_active(self, token: str) -> bool:
        return token in self.active
