# expect: SA102
_active_model = "gpt-4o-mini"


def set_active_model(name: str) -> None:
    global _active_model
    _active_model = name


def active_model() -> str:
    return _active_model
