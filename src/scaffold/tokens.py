"""`scaffold token`: a bearer token for local use, signed the way the project's app verifies it.

The generated app (AUTH_MODE=jwt) accepts HS256/HS384/HS512 JWTs signed with its `JWT_SECRET`
and carrying `sub` and `exp`. Such a token is an HMAC over two base64url-encoded JSON segments
(RFC 7515's compact form, RFC 7519's claims), so the standard library signs it: scaffold needs
no JWT library of its own (pyjwt is the generated project's dependency), and the tests check
the result with pyjwt and with the running app.

The settings are read the way the app's pydantic-settings reads them: the environment first
(names matched case-insensitively), then the project's `.env`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scaffold.engine.project_db import dotenv_value
from scaffold.errors import UserError

DEFAULT_USER = "user-1"
DEFAULT_EXPIRES = "1h"
# A token printed for local use should not outlive the afternoon by much: 30 days at most.
MAX_LIFETIME = timedelta(days=30)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_HASHES: dict[str, Callable[[], Any]] = {
    "HS256": hashlib.sha256,
    "HS384": hashlib.sha384,
    "HS512": hashlib.sha512,
}
# What the app's check at start-up asks of the secret (RFC 7518, section 3.2).
_MIN_SECRET_LENGTH = {"HS256": 32, "HS384": 48, "HS512": 64}
_GENERATE_COMMAND = (
    "echo \"JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')\" >> .env"
)


class TokenError(UserError):
    code = "bad_token_request"


@dataclass(frozen=True)
class IssuedToken:
    """A signed token and what it says."""

    token: str
    user: str
    algorithm: str
    issued_at: datetime
    expires_at: datetime

    def as_dict(self) -> dict[str, str]:
        return {
            "token": self.token,
            "user": self.user,
            "algorithm": self.algorithm,
            "issued_at": self.issued_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
        }


def parse_lifetime(text: str) -> timedelta:
    """`30s`, `15m`, `1h`, `7d` -> a timedelta above zero and at most MAX_LIFETIME."""
    match = re.fullmatch(r"([0-9]+)([smhd])", text.strip())
    shown = text if len(text) <= 24 else f"{text[:20]}..."
    if match is None:
        raise TokenError(
            f"--expires {shown!r} is not a lifetime",
            "give a whole number and a unit s, m, h or d: 30s, 15m, 1h, 7d",
            code="bad_expires",
        )
    digits = match[1].lstrip("0") or "0"
    # Past nine digits it is over the limit in any unit (and int() of a huge string is slow).
    seconds = int(digits) * _UNITS[match[2]] if len(digits) <= 9 else 10**18
    if seconds == 0:
        raise TokenError(
            f"--expires {shown} gives a token that is already expired",
            "give a lifetime above zero, e.g. --expires 1h",
            code="bad_expires",
        )
    if seconds > MAX_LIFETIME.total_seconds():
        raise TokenError(
            f"--expires {shown} is longer than {MAX_LIFETIME.days} days",
            f"give at most {MAX_LIFETIME.days}d: these tokens are for local use",
            code="bad_expires",
        )
    return timedelta(seconds=seconds)


def project_setting(root: Path, name: str, environ: Mapping[str, str]) -> str | None:
    """A setting as the project's app would read it: the environment, then `.env`."""
    for key, value in environ.items():
        if key.upper() == name:
            return value
    return dotenv_value(root / ".env", name)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign(claims: dict[str, Any], secret: str, algorithm: str) -> str:
    """The compact JWS of `claims`, HMAC-signed with `secret` (HS256, HS384 or HS512)."""
    header = {"alg": algorithm, "typ": "JWT"}
    segments = [_b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)]
    signing_input = ".".join(segments).encode("ascii")
    signature = hmac.new(secret.encode(), signing_input, _HASHES[algorithm]).digest()
    return f"{signing_input.decode('ascii')}.{_b64(signature)}"


def issue_token(
    root: Path,
    *,
    user: str = DEFAULT_USER,
    expires: str = DEFAULT_EXPIRES,
    environ: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> IssuedToken:
    """A token for `user` that the app in `root` accepts, valid for `expires`.

    Raises:
        TokenError: bad --user or --expires, Better Auth mode, or no usable JWT_SECRET.
    """
    env = os.environ if environ is None else environ
    if not user.strip():
        raise TokenError(
            "--user is empty", "give the user id the API should see, e.g. --user alice"
        )
    lifetime = parse_lifetime(expires)
    mode = project_setting(root, "AUTH_MODE", env) or "jwt"
    if mode == "better-auth":
        raise TokenError(
            "this project verifies Better Auth tokens (AUTH_MODE=better-auth), not tokens signed "
            "with JWT_SECRET",
            "sign in through Better Auth and use the JWT its JWT plugin hands out "
            "(GET /api/auth/token), or set AUTH_MODE=jwt for local use",
            code="better_auth_mode",
        )
    if mode != "jwt":
        raise TokenError(
            f"AUTH_MODE={mode} is neither jwt nor better-auth (the app would not start)",
            "set AUTH_MODE=jwt in .env",
        )
    algorithm = project_setting(root, "JWT_ALGORITHM", env) or "HS256"
    if algorithm not in _HASHES:
        raise TokenError(
            f"JWT_ALGORITHM={algorithm} is not one of {', '.join(_HASHES)}",
            "set JWT_ALGORITHM=HS256 in .env (or remove it)",
        )
    secret = project_setting(root, "JWT_SECRET", env) or ""
    if not secret:
        raise TokenError(
            f"JWT_SECRET is not set in {root / '.env'} or the environment",
            f"run in the project: {_GENERATE_COMMAND}",
            code="no_secret",
        )
    if len(secret) < _MIN_SECRET_LENGTH[algorithm]:
        raise TokenError(
            f"JWT_SECRET has {len(secret)} characters; {algorithm} needs "
            f"{_MIN_SECRET_LENGTH[algorithm]} or more (the app would not start)",
            f"replace it: {_GENERATE_COMMAND}",
            code="no_secret",
        )
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    expires_at = issued + lifetime
    claims = {"sub": user, "iat": int(issued.timestamp()), "exp": int(expires_at.timestamp())}
    return IssuedToken(sign(claims, secret, algorithm), user, algorithm, issued, expires_at)
