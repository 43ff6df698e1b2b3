from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlmodel import Field, Session, SQLModel, create_engine

engine = create_engine("postgresql+psycopg://localhost/admin")


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
