"""The authenticated caller, as the token describes them."""

from fastapi import APIRouter

from app.core.auth import CurrentUser, User

router = APIRouter(tags=["users"])


@router.get("/me")
def read_me(current_user: CurrentUser) -> User:
    return current_user
