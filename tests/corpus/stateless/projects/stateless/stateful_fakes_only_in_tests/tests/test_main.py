from fastapi.testclient import TestClient

from app import llm
from app.main import app

CALLS: list[str] = []


class Recorder:
    def __init__(self) -> None:
        self.prompts: list[str] = []

    async def complete(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return "ok"


recorder = Recorder()


async def fake_complete(prompt: str) -> str:
    CALLS.append(prompt)
    return await recorder.complete(prompt)


def test_complete(monkeypatch) -> None:
    monkeypatch.setattr(llm, "complete", fake_complete)
    assert TestClient(app).post("/complete", params={"prompt": "x"}).json() == {"text": "ok"}
    assert CALLS == ["x"]
