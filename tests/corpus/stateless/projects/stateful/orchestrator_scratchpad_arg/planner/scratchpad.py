"""Working notes the planner writes while solving a task."""


class ScratchPad:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def jot(self, note: str) -> None:
        self.notes.append(note)

    def recent(self, count: int = 10) -> list[str]:
        return self.notes[-count:]
