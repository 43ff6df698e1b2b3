from collections.abc import Callable


def make_greeter(prefix: str) -> Callable[[str], str]:
    def greet(name: str) -> str:
        return f"{prefix} {name}"

    greet.__name__ = f"greet_{prefix.lower()}"
    return greet
