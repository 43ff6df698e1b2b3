"""JWT authentication with a module-level JWKS client (a connection pool with a key cache)."""

from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.config import settings

bearer = HTTPBearer(auto_error=False)
_jwks_client = jwt.PyJWKClient(settings.jwks_url, cache_keys=True, lifespan=300)
ALGORITHMS = ["RS256"]


def current_user_id(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing token")
    try:
        key = _jwks_client.get_signing_key_from_jwt(credentials.credentials)
        claims = jwt.decode(
            credentials.credentials, key.key, algorithms=ALGORITHMS, audience=settings.audience
        )
    except jwt.PyJWTError as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid token") from exc
    return claims["sub"]


CurrentUser = Annotated[str, Depends(current_user_id)]
