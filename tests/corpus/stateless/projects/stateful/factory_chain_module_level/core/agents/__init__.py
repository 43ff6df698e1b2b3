from .chat_agent import ChatAgent


def build_default() -> ChatAgent:
    return ChatAgent(model="gpt-4o")
