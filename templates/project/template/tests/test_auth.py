"""The JWT checks of app/core/auth.py, in both modes, over the real app."""

import base64
import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from app.core.auth import get_jwks_client
from app.core.config import Settings, get_settings
from app.main import app
from tests.conftest import USER_ID, TokenFactory


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_valid_token_names_the_user(client: TestClient, make_token: TokenFactory) -> None:
    response = client.get("/api/me", headers=_bearer(make_token(USER_ID, email="a@example.com")))
    assert response.status_code == 200
    assert response.json() == {"id": USER_ID, "email": "a@example.com", "name": None}


def test_missing_token_is_401(client: TestClient) -> None:
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer", "Bearer not-a-jwt", "Basic dXNlcjpwYXNz"])
def test_malformed_authorization_is_401(client: TestClient, header: str) -> None:
    assert client.get("/api/me", headers={"Authorization": header}).status_code == 401


def test_bad_signature_is_401(client: TestClient, make_token: TokenFactory) -> None:
    token = make_token(secret="another-secret-that-is-long-enough-for-hs256")
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401


def test_expired_token_is_401(client: TestClient, make_token: TokenFactory) -> None:
    token = make_token(expires_in=timedelta(seconds=-5))
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401


def test_token_without_sub_is_401(client: TestClient, make_token: TokenFactory) -> None:
    assert client.get("/api/me", headers=_bearer(make_token(sub=None))).status_code == 401


def test_token_without_exp_is_401(client: TestClient) -> None:
    token = jwt.encode({"sub": USER_ID}, get_settings().JWT_SECRET, algorithm="HS256")
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_other_algorithm_is_401(client: TestClient, make_token: TokenFactory) -> None:
    assert client.get("/api/me", headers=_bearer(make_token(algorithm="HS512"))).status_code == 401


def test_alg_none_is_401(client: TestClient) -> None:
    def b64(data: dict[str, Any]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    exp = int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())
    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64({'sub': USER_ID, 'exp': exp})}."
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401


# Better Auth mode: a real JWKS document served over HTTP on 127.0.0.1.

BETTER_AUTH_KID = "test-key-1"


@pytest.fixture(scope="module")
def ed25519_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def jwks_server(ed25519_key: Ed25519PrivateKey) -> Iterator[str]:
    jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(ed25519_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": BETTER_AUTH_KID, "alg": "EdDSA"}]}).encode()

    class JWKSHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/broken/api/auth/jwks":  # a server that answers, but not JSON
                status, content_type, payload = 200, "text/html", b"<html>Bad gateway</html>"
            elif self.path == "/api/auth/jwks":
                status, content_type, payload = 200, "application/json", body
            else:
                status, content_type, payload = 404, "application/json", b"{}"
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), JWKSHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _better_auth_at(url: str) -> Iterator[Settings]:
    """The app in Better Auth mode, with its keys at `url`/api/auth/jwks, for one test."""
    settings = Settings(AUTH_MODE="better-auth", BETTER_AUTH_URL=url)
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_jwks_client] = lambda: jwt.PyJWKClient(
        settings.better_auth_jwks_url, timeout=5
    )
    yield settings
    app.dependency_overrides.pop(get_settings, None)
    app.dependency_overrides.pop(get_jwks_client, None)


@pytest.fixture
def better_auth(jwks_server: str) -> Iterator[Settings]:
    yield from _better_auth_at(jwks_server)


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["unreachable", "not-found", "not-json"])
def better_auth_without_keys(
    request: pytest.FixtureRequest, jwks_server: str
) -> Iterator[Settings]:
    url = {
        "unreachable": f"http://127.0.0.1:{_closed_port()}",
        "not-found": f"{jwks_server}/nowhere",
        "not-json": f"{jwks_server}/broken",
    }[request.param]
    yield from _better_auth_at(url)


def _better_auth_token(key: Ed25519PrivateKey, settings: Settings, **overrides: Any) -> str:
    claims: dict[str, Any] = {
        "sub": USER_ID,
        "iss": settings.better_auth_issuer,
        "aud": settings.better_auth_audience,
        "exp": datetime.now(UTC) + timedelta(minutes=15),
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": BETTER_AUTH_KID})


def test_better_auth_token_is_accepted(
    client: TestClient, better_auth: Settings, ed25519_key: Ed25519PrivateKey
) -> None:
    token = _better_auth_token(ed25519_key, better_auth)
    response = client.get("/api/me", headers=_bearer(token))
    assert response.status_code == 200
    assert response.json()["id"] == USER_ID


@pytest.mark.parametrize("claim", ["iss", "aud"])
def test_better_auth_wrong_issuer_or_audience_is_401(
    client: TestClient, better_auth: Settings, ed25519_key: Ed25519PrivateKey, claim: str
) -> None:
    token = _better_auth_token(ed25519_key, better_auth, **{claim: "https://evil.example"})
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401


def test_better_auth_key_not_in_jwks_is_401(client: TestClient, better_auth: Settings) -> None:
    token = _better_auth_token(Ed25519PrivateKey.generate(), better_auth)
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401


def test_better_auth_refuses_shared_secret_tokens(
    client: TestClient, better_auth: Settings, make_token: TokenFactory
) -> None:
    assert client.get("/api/me", headers=_bearer(make_token())).status_code == 401


def test_better_auth_keys_out_of_reach_is_503_not_401(
    client: TestClient, better_auth_without_keys: Settings, ed25519_key: Ed25519PrivateKey
) -> None:
    token = _better_auth_token(ed25519_key, better_auth_without_keys)
    response = client.get("/api/me", headers=_bearer(token))
    assert response.status_code == 503
    assert "signing keys could not be fetched" in response.text


def test_better_auth_malformed_token_is_401_even_without_keys(
    client: TestClient, better_auth_without_keys: Settings
) -> None:
    assert client.get("/api/me", headers=_bearer("not-a-jwt")).status_code == 401


def test_openapi_documents_401_and_503_on_me(client: TestClient) -> None:
    responses = client.get("/api/openapi.json").json()["paths"]["/api/me"]["get"]["responses"]
    assert {"200", "401", "503"} <= set(responses)
