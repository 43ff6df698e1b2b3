from sqlmodel import Field, SQLModel, create_engine


class ThreadRow(SQLModel, table=True):
    id: str = Field(primary_key=True)
    payload: str


class ItemRow(SQLModel, table=True):
    id: str = Field(primary_key=True)
    thread_id: str = Field(index=True)
    payload: str


engine = create_engine("postgresql+psycopg://localhost/support")
