# expect: SA105
"""User profiles cached in-process with lru_cache."""

from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import Session, select

from app.db import engine
from app.models import Profile

router = APIRouter()


@lru_cache(maxsize=4096)
def load_profile(user_id: int) -> Profile | None:
    with Session(engine) as session:
        return session.exec(select(Profile).where(Profile.user_id == user_id)).first()


def current_profile(user_id: int) -> Profile | None:
    return load_profile(user_id)


@router.get("/me")
def me(profile: Annotated[Profile | None, Depends(current_profile)]) -> Profile | None:
    return profile
