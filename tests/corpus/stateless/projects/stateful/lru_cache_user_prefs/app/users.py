# expect: SA105
from functools import lru_cache

from sqlmodel import Session

from app.db import Preference, engine


@lru_cache(maxsize=512)
def load_preferences(user_id: str) -> dict[str, str]:
    with Session(engine) as session:
        pref = session.get(Preference, user_id)
        return {"tone": pref.tone if pref else "neutral"}
