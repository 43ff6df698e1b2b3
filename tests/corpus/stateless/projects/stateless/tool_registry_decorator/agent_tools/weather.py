from agent_tools.registry import registry


@registry.register
def weather(city: str) -> str:
    return f"sunny in {city}"


@registry.register
def wind(city: str) -> str:
    return f"light breeze in {city}"
