# expect: SA107, SA101
"""RunnableWithMessageHistory backed by in-memory histories per session."""

from langchain_core.chat_history import BaseChatMessageHistory, InMemoryChatMessageHistory
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables.history import RunnableWithMessageHistory
from langchain_openai import ChatOpenAI

prompt = ChatPromptTemplate.from_messages(
    [("system", "You are helpful."), MessagesPlaceholder("history"), ("human", "{question}")]
)
chain = prompt | ChatOpenAI(model="gpt-4o-mini")
store: dict[str, InMemoryChatMessageHistory] = {}


def get_session_history(session_id: str) -> BaseChatMessageHistory:
    if session_id not in store:
        store[session_id] = InMemoryChatMessageHistory()
    return store[session_id]


with_history = RunnableWithMessageHistory(
    chain, get_session_history, input_messages_key="question", history_messages_key="history"
)
