# expect: SA103
from openai import AsyncOpenAI


class SupportAgent:
    model = "gpt-4o-mini"
    transcript: list[dict[str, str]] = []

    def __init__(self, client: AsyncOpenAI) -> None:
        self.client = client

    async def reply(self, text: str) -> str:
        self.transcript.append({"role": "user", "content": text})
        resp = await self.client.chat.completions.create(model=self.model, messages=self.transcript)
        answer = resp.choices[0].message.content or ""
        self.transcript.append({"role": "assistant", "content": answer})
        return answer
