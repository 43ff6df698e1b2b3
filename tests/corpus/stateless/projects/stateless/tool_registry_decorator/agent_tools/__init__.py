"""Tools the agent can call; importing the package registers them."""

from agent_tools import weather as weather  # noqa: F401
from agent_tools.registry import registry

__all__ = ["registry"]
