# expect: SA104
from app.memory import ConversationMemory
from app.settings import settings

memory = ConversationMemory(max_turns=settings.max_turns)
