# expect: SA102
"""Agent factory whose closure accumulates the conversation."""

from collections.abc import Callable

from openai import OpenAI

client = OpenAI()


def make_agent(system: str) -> Callable[[str], str]:
    transcript: list[dict[str, str]] = [{"role": "system", "content": system}]

    def reply(message: str) -> str:
        transcript.append({"role": "user", "content": message})
        completion = client.chat.completions.create(model="gpt-4o-mini", messages=transcript)
        text = completion.choices[0].message.content or ""
        transcript.append({"role": "assistant", "content": text})
        return text

    return reply


support_agent = make_agent("You answer support questions.")
