"""RunnableWithMessageHistory backed by a SQL chat history per session."""

from langchain_community.chat_message_histories import SQLChatMessageHistory
from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables.history import RunnableWithMessageHistory
from langchain_openai import ChatOpenAI

from app.config import settings

prompt = ChatPromptTemplate.from_messages(
    [("system", "You are helpful."), MessagesPlaceholder("history"), ("human", "{question}")]
)
chain = prompt | ChatOpenAI(model="gpt-4o-mini")


def get_session_history(session_id: str) -> BaseChatMessageHistory:
    return SQLChatMessageHistory(session_id=session_id, connection=settings.database_url)


with_history = RunnableWithMessageHistory(
    chain, get_session_history, input_messages_key="question", history_messages_key="history"
)


async def ask(session_id: str, question: str) -> str:
    config = {"configurable": {"session_id": session_id}}
    result = await with_history.ainvoke({"question": question}, config=config)
    return result.content
