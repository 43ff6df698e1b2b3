"""The known in-memory conversation stores, as data: add an entry to extend rule SA107.

Each entry names a class, the top-level packages it is imported from (any submodule path
matches, so `langchain.memory.buffer.ConversationBufferMemory` is found too), how its use is
judged, and a short note for the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# always: in-memory whatever the arguments.
# chat_memory: in-memory unless a `chat_memory=` history (a persistent one) is passed.
# db_path: in-memory unless a database file is passed (second argument or `db_path=`), then
# on one instance's disk: reported either way, with the storage named.
Judgement = Literal["always", "chat_memory", "db_path"]
# Where the class keeps the conversation, for the message.
Storage = Literal["process memory", "a local file", "a SQLite file on this instance's disk"]

_LANGCHAIN = ("langchain", "langchain_classic", "langchain_community", "langchain_core")


@dataclass(frozen=True, slots=True)
class KnownMemory:
    """A class that keeps a conversation in process memory."""

    name: str
    packages: tuple[str, ...]
    judgement: Judgement
    note: str
    storage: Storage = "process memory"


KNOWN_MEMORIES: tuple[KnownMemory, ...] = (
    KnownMemory("ConversationBufferMemory", _LANGCHAIN, "chat_memory", "LangChain buffer memory"),
    KnownMemory(
        "ConversationBufferWindowMemory", _LANGCHAIN, "chat_memory", "LangChain buffer memory"
    ),
    KnownMemory("ConversationSummaryMemory", _LANGCHAIN, "chat_memory", "LangChain summary memory"),
    KnownMemory(
        "ConversationSummaryBufferMemory", _LANGCHAIN, "chat_memory", "LangChain summary memory"
    ),
    KnownMemory(
        "ConversationTokenBufferMemory", _LANGCHAIN, "chat_memory", "LangChain buffer memory"
    ),
    KnownMemory("ConversationEntityMemory", _LANGCHAIN, "chat_memory", "LangChain entity memory"),
    KnownMemory("ChatMessageHistory", _LANGCHAIN, "always", "LangChain in-memory chat history"),
    KnownMemory(
        "InMemoryChatMessageHistory", _LANGCHAIN, "always", "LangChain in-memory chat history"
    ),
    KnownMemory("InMemoryEntityStore", _LANGCHAIN, "always", "LangChain in-memory entity store"),
    KnownMemory(
        "FileChatMessageHistory",
        _LANGCHAIN,
        "always",
        "conversation in a local file",
        storage="a local file",
    ),
    KnownMemory("MemorySaver", ("langgraph",), "always", "LangGraph in-memory checkpointer"),
    KnownMemory("InMemorySaver", ("langgraph",), "always", "LangGraph in-memory checkpointer"),
    KnownMemory("InMemoryStore", ("langgraph", "langchain_core"), "always", "in-memory store"),
    KnownMemory("SQLiteSession", ("agents",), "db_path", "Agents SDK session without a file"),
    KnownMemory("ChatMemoryBuffer", ("llama_index",), "always", "LlamaIndex in-memory buffer"),
    KnownMemory("InMemorySessionService", ("google",), "always", "Google ADK in-memory sessions"),
    KnownMemory("InMemoryMemoryService", ("google",), "always", "Google ADK in-memory memory"),
    KnownMemory("SimpleChatStore", ("llama_index",), "always", "LlamaIndex in-memory chat store"),
)

# Calls that open a Gemini chat session: fine per request, state when kept beyond it.
CHAT_SESSION_METHODS = frozenset({"start_chat"})
CHAT_SESSION_CALLS = ("chats.create",)

# Base classes whose subclasses are conversation stores (ChatKit's `Store`, and its
# `AttachmentStore` for uploaded files), and what a subclass keeps, for the message.
STORE_BASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Store", ("chatkit",)),
    ("AttachmentStore", ("chatkit",)),
)
STORE_CONTENTS: dict[str, str] = {"Store": "threads and items", "AttachmentStore": "attachments"}
