from typing import Protocol

from openai import OpenAI


class Backend(Protocol):
    def complete(self, prompt: str) -> str: ...


class OpenAIBackend:
    def __init__(self) -> None:
        self._client = OpenAI()

    def complete(self, prompt: str) -> str:
        return self._client.responses.create(model="gpt-4o-mini", input=prompt).output_text


_backend: Backend = OpenAIBackend()


def set_backend(backend: Backend) -> None:
    global _backend
    _backend = backend


def get_backend() -> Backend:
    return _backend
