from agentkit.base import BaseMemory


class ChatMemory(BaseMemory):
    def render(self) -> str:
        return "\n".join(self.recent(10))
