"""The generated app under a real uvicorn on 127.0.0.1, driven over HTTP with real tokens."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from tests.conftest import PYTHON, run
from tests.generated.conftest import generate
from tests.generated.specs import SPECS

pytestmark = pytest.mark.slow

SECRET = "live-test-secret-that-is-at-least-32-bytes-long"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _token(user: str) -> dict[str, str]:
    claims = {"sub": user, "exp": datetime.now(UTC) + timedelta(minutes=5)}
    return {"Authorization": f"Bearer {jwt.encode(claims, SECRET, algorithm='HS256')}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = generate(tmp_path_factory.mktemp("live") / "blog", SPECS["blog"])
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
        "DATABASE_URL": f"sqlite:///{root / 'live.db'}",
        "JWT_SECRET": SECRET,
    }
    run([PYTHON, "-m", "alembic", "upgrade", "head"], root, env)
    port = _free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"uvicorn did not start:\n{output}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_crud_over_real_http(server: str) -> None:
    alice, bob = _token("alice"), _token("bob")
    with httpx.Client(base_url=server, timeout=10) as http:
        assert http.get("/api/authors").status_code == 401
        author = http.post("/api/authors", json={"name": "Ann", "email": "ann@x.io"}, headers=alice)
        assert author.status_code == 201, author.text
        post = http.post(
            "/api/posts",
            json={"title": "Hello", "author_id": author.json()["id"], "status": "in-review"},
            headers=alice,
        )
        assert post.status_code == 201, post.text
        post_id = post.json()["id"]

        listed = http.get("/api/posts", headers=alice).json()
        assert [p["id"] for p in listed["items"]] == [post_id]
        assert listed["total"] == 1
        assert http.get(f"/api/posts/{post_id}", headers=alice).json()["status"] == "in-review"

        patched = http.patch(f"/api/posts/{post_id}", json={"status": "published"}, headers=alice)
        assert patched.status_code == 200
        assert patched.json()["status"] == "published"
        assert patched.json()["title"] == "Hello"

        # Another user sees nothing of alice's.
        assert http.get(f"/api/posts/{post_id}", headers=bob).status_code == 404
        assert http.patch(f"/api/posts/{post_id}", json={}, headers=bob).status_code == 404
        assert http.delete(f"/api/posts/{post_id}", headers=bob).status_code == 404
        assert http.get("/api/posts", headers=bob).json()["total"] == 0
        stolen = {"title": "Mine now", "author_id": author.json()["id"]}
        assert http.post("/api/posts", json=stolen, headers=bob).status_code == 422

        assert http.delete(f"/api/posts/{post_id}", headers=alice).status_code == 204
        assert http.get(f"/api/posts/{post_id}", headers=alice).status_code == 404
        assert http.get("/api/openapi.json").status_code == 200
