class BaseMemory:
    def __init__(self) -> None:
        self._messages: list[str] = []

    def remember(self, message: str) -> None:
        self._messages.append(message)

    def recent(self, n: int) -> list[str]:
        return self._messages[-n:]
