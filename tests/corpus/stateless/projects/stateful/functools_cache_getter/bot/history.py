from collections import deque


class History:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lines: dict[str, deque[str]] = {}

    def push(self, user_id: str, line: str) -> None:
        self._lines.setdefault(user_id, deque(maxlen=self.limit)).append(line)

    def lines(self, user_id: str) -> list[str]:
        return list(self._lines.get(user_id, ()))
