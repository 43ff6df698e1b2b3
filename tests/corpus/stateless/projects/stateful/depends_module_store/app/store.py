# expect: SA104
class SessionStore:
    def __init__(self) -> None:
        self._sessions: dict[str, list[str]] = {}

    def save(self, session_id: str, message: str) -> None:
        self._sessions.setdefault(session_id, []).append(message)

    def load(self, session_id: str) -> list[str]:
        return self._sessions.get(session_id, [])


_store = SessionStore()


def get_store() -> SessionStore:
    return _store
