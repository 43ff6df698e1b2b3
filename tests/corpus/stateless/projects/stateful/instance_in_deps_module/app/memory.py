from collections import defaultdict


class ConversationMemory:
    def __init__(self, max_turns: int = 50) -> None:
        self.max_turns = max_turns
        self._turns: dict[str, list[dict[str, str]]] = defaultdict(list)

    def add(self, conversation_id: str, role: str, content: str) -> None:
        turns = self._turns[conversation_id]
        turns.append({"role": role, "content": content})
        del turns[: -self.max_turns]

    def history(self, conversation_id: str) -> list[dict[str, str]]:
        return list(self._turns[conversation_id])
