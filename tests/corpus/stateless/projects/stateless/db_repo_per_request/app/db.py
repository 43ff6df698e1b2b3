from collections.abc import Iterator

from sqlmodel import Field, Session, SQLModel, create_engine

engine = create_engine("postgresql+psycopg://app@db/app")


class Turn(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str
    content: str


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session
