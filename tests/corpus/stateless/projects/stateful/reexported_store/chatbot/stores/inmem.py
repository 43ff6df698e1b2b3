from datetime import datetime, timezone


class TurnStore:
    def __init__(self) -> None:
        self._by_user: dict[str, list[tuple[datetime, str]]] = {}

    def append(self, user_id: str, text: str) -> None:
        self._by_user.setdefault(user_id, []).append((datetime.now(timezone.utc), text))

    def last(self, user_id: str, n: int = 10) -> list[str]:
        return [text for _, text in self._by_user.get(user_id, [])[-n:]]
