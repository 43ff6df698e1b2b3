"""Who is calling: `get_current_user` verifies the bearer JWT and returns the user.

Two modes, chosen by `AUTH_MODE`:
- "jwt" (default): HS256 (or the pinned `JWT_ALGORITHM`) with the shared `JWT_SECRET`.
- "better-auth": tokens of Better Auth's JWT plugin, EdDSA-signed, verified against the keys
  published at `{BETTER_AUTH_URL}/api/auth/jwks`, with issuer and audience checked.

The algorithm is pinned in both modes, so `alg: none` and algorithm-confusion tokens fail.
Every failure of the token is the same 401: the response does not say which check failed.
When Better Auth's keys cannot be fetched the answer is 503: the token may be fine, the
server cannot tell, and the client should retry rather than sign in again.
"""

import json
import logging
from functools import lru_cache
from typing import Annotated, Any

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jwt.types import Options
from pydantic import BaseModel

from app.core.config import Settings, get_settings

logger = logging.getLogger(__name__)

BETTER_AUTH_ALGORITHMS = ["EdDSA"]
_REQUIRED_CLAIMS = ["exp", "sub"]
# Seconds to wait for Better Auth's JWKS: a request waits at most this long when it is down.
JWKS_TIMEOUT_SECONDS = 5

bearer_scheme = HTTPBearer(auto_error=False, description="A JWT: `Authorization: Bearer <token>`")


class User(BaseModel):
    """The authenticated caller. Better Auth owns the user table; we only see the token."""

    id: str
    email: str | None = None
    name: str | None = None


class SigningKeysUnavailableError(Exception):
    """Better Auth's JWKS could not be fetched or read: a server problem, not the token's."""


def _unauthorized() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )


def _keys_unavailable() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        detail="Authentication is unavailable: the signing keys could not be fetched",
    )


@lru_cache
def get_jwks_client() -> jwt.PyJWKClient:
    """One JWKS client per process: it caches Better Auth's public keys between requests."""
    return jwt.PyJWKClient(
        get_settings().better_auth_jwks_url, cache_keys=True, timeout=JWKS_TIMEOUT_SECONDS
    )


def decode_token(token: str, settings: Settings, jwks_client: jwt.PyJWKClient) -> dict[str, Any]:
    """Verify `token` as the settings say and return its claims.

    Raises:
        jwt.PyJWTError: the token is bad (malformed, unknown key, bad signature or claims).
        SigningKeysUnavailableError: Better Auth's JWKS cannot be fetched or is not JSON.
    """
    options: Options = {"require": _REQUIRED_CLAIMS}
    if settings.AUTH_MODE == "better-auth":
        try:
            signing_key = jwks_client.get_signing_key_from_jwt(token)
        except (jwt.PyJWKClientConnectionError, json.JSONDecodeError) as exc:
            raise SigningKeysUnavailableError(str(exc)) from exc
        return jwt.decode(
            token,
            signing_key.key,
            algorithms=BETTER_AUTH_ALGORITHMS,
            audience=settings.better_auth_audience,
            issuer=settings.better_auth_issuer,
            options=options,
        )
    return jwt.decode(
        token, settings.JWT_SECRET, algorithms=[settings.JWT_ALGORITHM], options=options
    )


def get_current_user(
    settings: Annotated[Settings, Depends(get_settings)],
    jwks_client: Annotated[jwt.PyJWKClient, Depends(get_jwks_client)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> User:
    """Return the user named by the bearer token's `sub`; answer 401, or 503 without keys."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized()
    try:
        claims = decode_token(credentials.credentials, settings, jwks_client)
    except SigningKeysUnavailableError as exc:
        # The client only learns "retry later"; the operator needs the reason.
        logger.warning("Better Auth's JWKS at %s: %s", settings.better_auth_jwks_url, exc)
        raise _keys_unavailable() from exc
    except jwt.PyJWTError as exc:
        raise _unauthorized() from exc
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise _unauthorized()
    email = claims.get("email")
    name = claims.get("name")
    return User(
        id=subject,
        email=email if isinstance(email, str) else None,
        name=name if isinstance(name, str) else None,
    )


CurrentUser = Annotated[User, Depends(get_current_user)]
