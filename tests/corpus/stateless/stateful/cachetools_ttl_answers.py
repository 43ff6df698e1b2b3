# expect: SA101
"""LLM answers cached per prompt in a process-local TTL cache."""

import hashlib

from cachetools import TTLCache
from openai import OpenAI

client = OpenAI()
_answers: TTLCache[str, str] = TTLCache(maxsize=10_000, ttl=3600)


def answer(prompt: str) -> str:
    key = hashlib.sha256(prompt.encode()).hexdigest()
    if key in _answers:
        return _answers[key]
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}]
    )
    text = completion.choices[0].message.content or ""
    _answers[key] = text
    return text
