# expect: SA107
"""Where the chef assistant keeps each session's messages."""

from pathlib import Path

from langchain_community.chat_message_histories import FileChatMessageHistory


class Memories:
    def __init__(self, root: Path) -> None:
        self.root = root

    def for_session(self, session_id: str) -> FileChatMessageHistory:
        return FileChatMessageHistory(file_path=str(self.root / f"{session_id}.json"))


memories = Memories(Path("histories"))
