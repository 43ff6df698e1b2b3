"""The OpenAI client, configured in one place."""

from openai import AsyncOpenAI


def build_client() -> AsyncOpenAI:
    return AsyncOpenAI(timeout=30.0, max_retries=2)
