# expect: SA107
"""Chat histories of the tutor, one JSON file per session."""

from pathlib import Path

from langchain_community.chat_message_histories import FileChatMessageHistory
from langchain_core.chat_history import BaseChatMessageHistory

HISTORY_DIR = Path("chat_histories")


def get_session_history(session_id: str) -> BaseChatMessageHistory:
    return FileChatMessageHistory(str(HISTORY_DIR / f"{session_id}.json"))
