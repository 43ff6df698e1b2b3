"""The generated app under a real uvicorn on 127.0.0.1, driven over HTTP with real tokens."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import PYTHON, run
from tests.generated.conftest import generate
from tests.generated.live import SECRET, auth_header, serve
from tests.generated.specs import SPECS
from tests.generated.toolchain import project_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = generate(tmp_path_factory.mktemp("live") / "blog", SPECS["blog"])
    env = {**project_env(f"sqlite:///{root / 'live.db'}"), "JWT_SECRET": SECRET}
    run([PYTHON, "-m", "alembic", "upgrade", "head"], root, env)
    with serve(root, env, root / "uvicorn.log") as (base, _log):
        yield base


def test_crud_over_real_http(server: str) -> None:
    alice, bob = auth_header("alice"), auth_header("bob")
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
