"""Conversation memory used by the chat endpoints."""

from .buffer import ConversationBuffer

__all__ = ["ConversationBuffer"]
