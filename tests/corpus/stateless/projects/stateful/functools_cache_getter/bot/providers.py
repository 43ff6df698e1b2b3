# expect: SA104
import functools

from bot.history import History


@functools.cache
def get_history() -> History:
    return History(limit=20)
