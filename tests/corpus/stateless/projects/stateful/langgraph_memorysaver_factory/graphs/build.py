# expect: SA107
from langgraph.checkpoint.memory import MemorySaver
from langgraph.graph import START, MessagesState, StateGraph

from graphs.nodes import call_model


def _checkpointer() -> MemorySaver:
    return MemorySaver()


def build_graph():
    builder = StateGraph(MessagesState)
    builder.add_node("model", call_model)
    builder.add_edge(START, "model")
    return builder.compile(checkpointer=_checkpointer())
