# expect: SA105
"""Conversation summaries memoized in-process with an async LRU cache."""

from async_lru import alru_cache
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import async_session
from app.models import Conversation


@alru_cache(maxsize=512)
async def summary_for(conversation_id: str) -> str:
    async with async_session() as session:
        conversation = await session.get(Conversation, conversation_id)
        return conversation.summary if conversation else ""


async def describe(session: AsyncSession, conversation_id: str) -> str:
    return await summary_for(conversation_id)
