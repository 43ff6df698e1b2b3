"""What the app refuses to start with, and the settings that shape what it serves."""

from typing import Any

import pytest

from app.core.config import Settings

GOOD_SECRET = "x" * 32


def _settings(**values: Any) -> Settings:
    # Only what the test passes: not .env, not the environment.
    return Settings(_env_file=None, **{"ENVIRONMENT": "local", **values})


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("", "JWT_SECRET is not set"),
        ("change-me-to-a-long-random-string-of-32-bytes-or-more", "a published placeholder"),
        ("x" * 31, "JWT_SECRET has 31 characters; HS256 needs 32 or more"),
    ],
)
def test_no_usable_jwt_secret_stops_the_app(secret: str, problem: str) -> None:
    found = _settings(JWT_SECRET=secret).serving_problem()
    assert found is not None and problem in found
    assert "secrets.token_urlsafe" in found  # the one line says how to make one


def test_the_secret_must_be_as_long_as_the_algorithm_needs() -> None:
    assert _settings(JWT_SECRET=GOOD_SECRET, JWT_ALGORITHM="HS512").serving_problem() is not None
    assert _settings(JWT_SECRET="x" * 64, JWT_ALGORITHM="HS512").serving_problem() is None


def test_better_auth_mode_needs_no_jwt_secret() -> None:
    assert _settings(AUTH_MODE="better-auth").serving_problem() is None


def test_cors_is_off_unless_origins_are_listed() -> None:
    assert _settings().CORS_ORIGINS == []
    listed = _settings(CORS_ORIGINS="https://app.example.com/, https://admin.example.com")
    assert listed.CORS_ORIGINS == ["https://app.example.com", "https://admin.example.com"]


def test_any_origin_is_refused_in_production() -> None:
    settings = _settings(JWT_SECRET=GOOD_SECRET, ENVIRONMENT="production", CORS_ORIGINS="*")
    problem = settings.serving_problem()
    assert problem is not None and problem.startswith("CORS_ORIGINS=*")


@pytest.mark.parametrize(
    ("environment", "docs", "served"),
    [("local", None, True), ("production", None, False), ("production", True, True)],
)
def test_docs_are_served_except_in_production(
    environment: str, docs: bool | None, served: bool
) -> None:
    assert _settings(ENVIRONMENT=environment, DOCS_ENABLED=docs).docs_enabled is served
