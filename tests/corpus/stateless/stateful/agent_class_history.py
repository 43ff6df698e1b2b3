# expect: SA103
"""Agent class whose history list is a class attribute shared by all instances."""

from anthropic import Anthropic


class ResearchAgent:
    system_prompt = "You are a careful research assistant."
    history: list[dict[str, str]] = []

    def __init__(self, client: Anthropic, model: str = "claude-3-5-haiku-latest") -> None:
        self.client = client
        self.model = model

    def ask(self, question: str) -> str:
        self.history.append({"role": "user", "content": question})
        response = self.client.messages.create(
            model=self.model, system=self.system_prompt, messages=self.history, max_tokens=512
        )
        answer = response.content[0].text
        self.history.append({"role": "assistant", "content": answer})
        return answer
