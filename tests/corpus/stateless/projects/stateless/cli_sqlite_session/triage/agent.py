from agents import Agent, function_tool


@function_tool
def severity(description: str) -> str:
    """Rough severity of a bug report."""
    return "high" if "crash" in description.lower() else "normal"


triage_agent = Agent(name="triage", instructions="Triage bug reports.", tools=[severity])
