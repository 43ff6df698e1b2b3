from sqlmodel import Field, SQLModel, create_engine


class AttachmentRow(SQLModel, table=True):
    id: str = Field(primary_key=True)
    name: str
    mime_type: str


engine = create_engine("postgresql+psycopg://localhost/docs_chat")
