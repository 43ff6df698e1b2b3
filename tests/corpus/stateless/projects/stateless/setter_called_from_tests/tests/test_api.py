from fastapi.testclient import TestClient

from svc.api import app


def test_complete(fake_backend) -> None:
    client = TestClient(app)
    assert client.post("/complete", params={"prompt": "hi"}).json() == {"text": "fake"}
    assert fake_backend.calls == ["hi"]
