# expect: SA104
"""Bearer-token dependency that records every use of a token."""

from typing import Annotated

from fastapi import Depends, Header, HTTPException

import app.sessions as sessions

registry = sessions.SessionRegistry()


def current_token(authorization: Annotated[str, Header()]) -> str:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status_code=401, detail="missing bearer token")
    registry.touch(token)
    return token


TokenDep = Annotated[str, Depends(current_token)]
