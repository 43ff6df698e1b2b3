from langchain_core.runnables.history import RunnableWithMessageHistory
from langchain_openai import ChatOpenAI

from .history import get_session_history

chat = RunnableWithMessageHistory(ChatOpenAI(model="gpt-4o-mini"), get_session_history)
