from agent.registry import registry


@registry.register
def add(a: float, b: float) -> float:
    return a + b
