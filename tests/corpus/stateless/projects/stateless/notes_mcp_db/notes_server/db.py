from sqlmodel import Field, SQLModel, create_engine


class Note(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str
    body: str


engine = create_engine("sqlite:///notes.db")
