class ChatAgent:
    def __init__(self, model: str) -> None:
        self.model = model
        self.turns: list[str] = []

    async def ask(self, question: str) -> str:
        self.turns.append(question)
        return f"[{self.model}] {len(self.turns)}: {question}"
