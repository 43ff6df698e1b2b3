# expect: SA107
import uuid

from langgraph.config import get_store
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.store.memory import InMemoryStore

store = InMemoryStore()


def remember(state: MessagesState, config: dict) -> dict:
    user_id = config["configurable"]["user_id"]
    get_store().put(("memories", user_id), str(uuid.uuid4()), {"text": state["messages"][-1].content})
    return {}


builder = StateGraph(MessagesState)
builder.add_node("remember", remember)
builder.add_edge(START, "remember")
graph = builder.compile(store=store)
