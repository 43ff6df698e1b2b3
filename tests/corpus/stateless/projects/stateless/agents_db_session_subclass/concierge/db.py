from sqlmodel import Field, SQLModel, create_engine


class SessionItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(index=True)
    payload: str


engine = create_engine("postgresql+psycopg://localhost/concierge")
