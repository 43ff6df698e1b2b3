# expect: SA108
import threading

_local = threading.local()


def remember_user(user_id: str) -> None:
    _local.user_id = user_id


def current_user() -> str | None:
    return getattr(_local, "user_id", None)
