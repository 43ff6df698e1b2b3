from core.agents import build_default


def make_agent():
    return build_default()
