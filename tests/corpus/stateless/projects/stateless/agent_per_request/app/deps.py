from app.agent import Agent


def get_agent() -> Agent:
    return Agent("gpt-4o")
