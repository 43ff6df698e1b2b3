# expect: SA109
"""Agent loop whose history defaults to one shared list."""

from anthropic import Anthropic

client = Anthropic()


def run_agent(question: str, history: list[dict] = [], max_turns: int = 5) -> str:
    history.append({"role": "user", "content": question})
    for _ in range(max_turns):
        response = client.messages.create(
            model="claude-3-5-haiku-latest", messages=history, max_tokens=400
        )
        text = response.content[0].text
        history.append({"role": "assistant", "content": text})
        if response.stop_reason == "end_turn":
            return text
    return history[-1]["content"]
