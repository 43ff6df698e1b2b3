# expect: SA107
"""LangGraph agent compiled with the in-memory checkpointer."""

from typing import Annotated, TypedDict

from fastapi import APIRouter
from langchain_anthropic import ChatAnthropic
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages


class State(TypedDict):
    messages: Annotated[list, add_messages]


model = ChatAnthropic(model="claude-3-5-sonnet-latest")


def call_model(state: State) -> dict:
    return {"messages": [model.invoke(state["messages"])]}


builder = StateGraph(State)
builder.add_node("model", call_model)
builder.add_edge(START, "model")
builder.add_edge("model", END)
graph = builder.compile(checkpointer=InMemorySaver())

router = APIRouter()


@router.post("/threads/{thread_id}/messages")
async def post_message(thread_id: str, text: str) -> dict:
    config = {"configurable": {"thread_id": thread_id}}
    result = await graph.ainvoke({"messages": [("user", text)]}, config)
    return {"reply": result["messages"][-1].content}
