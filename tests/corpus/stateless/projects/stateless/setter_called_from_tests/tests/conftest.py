import pytest

from svc.backend import set_backend


class FakeBackend:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def complete(self, prompt: str) -> str:
        self.calls.append(prompt)
        return "fake"


@pytest.fixture
def fake_backend() -> FakeBackend:
    fake = FakeBackend()
    set_backend(fake)
    return fake
