"""Conversation state of the trip planner."""


class StateManager:
    def __init__(self) -> None:
        self.itineraries: dict[str, list[str]] = {}
        self.active_user: str | None = None

    def switch_user(self, user_id: str) -> None:
        self.active_user = user_id

    def add_stop(self, city: str) -> list[str]:
        if self.active_user is None:
            raise LookupError("no active user")
        stops = self.itineraries.setdefault(self.active_user, [])
        stops.append(city)
        return stops


def make_state() -> StateManager:
    return StateManager()
