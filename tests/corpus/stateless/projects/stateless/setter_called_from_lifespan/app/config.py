_model = "gpt-4o-mini"


def set_model(name: str) -> None:
    global _model
    _model = name


def model() -> str:
    return _model
