from fastapi import FastAPI
from langchain_anthropic import ChatAnthropic
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables.history import RunnableWithMessageHistory
from langserve import add_routes

from kitchen.memory import memories

prompt = ChatPromptTemplate.from_messages(
    [("system", "You suggest recipes."), MessagesPlaceholder("history"), ("human", "{input}")]
)
chef = RunnableWithMessageHistory(
    prompt | ChatAnthropic(model="claude-haiku-4-5"),
    memories.for_session,
    input_messages_key="input",
    history_messages_key="history",
)

app = FastAPI(title="chef")
add_routes(app, chef, path="/chef")
