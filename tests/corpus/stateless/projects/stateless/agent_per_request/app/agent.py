class Agent:
    def __init__(self, model: str) -> None:
        self.model = model
        self.last_question: str | None = None
        self.steps: list[str] = []

    def ask(self, question: str) -> str:
        self.last_question = question
        self.steps.append("think")
        return f"{self.model}: {question}"
