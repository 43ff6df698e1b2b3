"""Base class for agents: a model and a client, fixed at construction."""

from openai import OpenAI


class BaseAgent:
    def __init__(self, model: str, instructions: str) -> None:
        self.model = model
        self.instructions = instructions
        self.client = OpenAI()

    def complete(self, history: list[dict[str, str]], question: str) -> str:
        response = self.client.responses.create(
            model=self.model,
            instructions=self.instructions,
            input=[*history, {"role": "user", "content": question}],
        )
        return response.output_text
