from agent.registry import registry


@registry.register
def search(query: str) -> list[str]:
    return [query.upper()]
