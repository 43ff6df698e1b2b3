# expect: SA101
from agents import function_tool

_FACTS: list[str] = []


@function_tool
def remember(fact: str) -> str:
    """Remember a fact about the user."""
    _FACTS.append(fact)
    return "noted"


@function_tool
def recall() -> str:
    """Recall what is known about the user."""
    return "\n".join(_FACTS)
