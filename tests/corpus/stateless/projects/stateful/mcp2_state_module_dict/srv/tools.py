# expect: SA101
from .app import mcp
from .state import SUBSCRIPTIONS


@mcp.tool()
def subscribe(client_id: str, topic: str) -> list[str]:
    SUBSCRIPTIONS.setdefault(client_id, set()).add(topic)
    return sorted(SUBSCRIPTIONS[client_id])
