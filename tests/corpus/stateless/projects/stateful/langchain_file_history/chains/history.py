# expect: SA107
from langchain_community.chat_message_histories import FileChatMessageHistory
from langchain_core.chat_history import BaseChatMessageHistory


def get_session_history(session_id: str) -> BaseChatMessageHistory:
    return FileChatMessageHistory(f"histories/{session_id}.json")
