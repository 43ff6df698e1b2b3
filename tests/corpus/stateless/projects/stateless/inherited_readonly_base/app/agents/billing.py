from app.core.base import BaseAgent


class BillingAgent(BaseAgent):
    def __init__(self) -> None:
        super().__init__("gpt-4o-mini", "Answer billing questions briefly.")

    def answer(self, history: list[dict[str, str]], question: str) -> str:
        return self.complete(history[-10:], question)
