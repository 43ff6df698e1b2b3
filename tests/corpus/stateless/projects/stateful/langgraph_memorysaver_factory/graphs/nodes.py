from langchain_openai import ChatOpenAI
from langgraph.graph import MessagesState

llm = ChatOpenAI(model="gpt-4o-mini")


def call_model(state: MessagesState) -> dict:
    return {"messages": [llm.invoke(state["messages"])]}
