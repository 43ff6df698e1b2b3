# expect: SA108
"""Current user kept in thread-local storage by a dependency."""

import threading
from typing import Annotated

from fastapi import Depends, Header

_request_context = threading.local()


def bind_user(x_user_id: Annotated[str, Header()]) -> str:
    _request_context.user_id = x_user_id
    _request_context.tools_used = []
    return x_user_id


def record_tool(name: str) -> None:
    _request_context.tools_used.append(name)


def current_user() -> str | None:
    return getattr(_request_context, "user_id", None)


UserDep = Annotated[str, Depends(bind_user)]
