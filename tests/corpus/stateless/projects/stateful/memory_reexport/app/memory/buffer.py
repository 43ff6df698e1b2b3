"""A bounded buffer of messages per conversation."""


class ConversationBuffer:
    def __init__(self, limit: int = 50) -> None:
        self.limit = limit
        self.messages: dict[str, list[dict[str, str]]] = {}

    def append(self, conversation_id: str, role: str, content: str) -> None:
        messages = self.messages.setdefault(conversation_id, [])
        messages.append({"role": role, "content": content})
        if len(messages) > self.limit:
            messages.pop(0)

    def get(self, conversation_id: str) -> list[dict[str, str]]:
        return self.messages.get(conversation_id, [])
