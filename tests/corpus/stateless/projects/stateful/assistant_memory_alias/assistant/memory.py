"""The last turns of each conversation."""

from collections import defaultdict


class TurnMemory:
    def __init__(self, max_turns: int) -> None:
        self.max_turns = max_turns
        self.turns: defaultdict[str, list[dict[str, str]]] = defaultdict(list)

    def add(self, conversation_id: str, role: str, content: str) -> None:
        history = self.turns[conversation_id]
        history.append({"role": role, "content": content})
        del history[: -self.max_turns]

    def history(self, conversation_id: str) -> list[dict[str, str]]:
        return list(self.turns[conversation_id])
