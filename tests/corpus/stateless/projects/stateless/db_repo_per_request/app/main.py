from typing import Annotated

from fastapi import Depends, FastAPI
from sqlmodel import Session

from app.db import get_session
from app.repo import ConversationRepo

app = FastAPI()


def get_repo(session: Annotated[Session, Depends(get_session)]) -> ConversationRepo:
    return ConversationRepo(session)


@app.post("/c/{cid}")
def add(cid: str, content: str, repo: Annotated[ConversationRepo, Depends(get_repo)]) -> int:
    repo.add(cid, content)
    return len(repo.turns(cid))
