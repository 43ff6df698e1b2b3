"""The support agent: answers questions about orders."""

from openai import OpenAI

from app.core.tracking import TrackingAgent


class SupportAgent(TrackingAgent):
    def __init__(self, model: str) -> None:
        super().__init__()
        self.model = model
        self.client = OpenAI()

    def answer(self, question: str) -> str:
        self.record("answer", {"question": question})
        response = self.client.responses.create(model=self.model, input=question)
        return response.output_text
