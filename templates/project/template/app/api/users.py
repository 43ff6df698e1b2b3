"""The authenticated caller, as the token describes them."""

from fastapi import APIRouter

from app.core.auth import CurrentUser, User
from app.core.errors import problem_responses

router = APIRouter(tags=["users"])


@router.get("/me", responses=problem_responses(401, 503))
def read_me(current_user: CurrentUser) -> User:
    return current_user
