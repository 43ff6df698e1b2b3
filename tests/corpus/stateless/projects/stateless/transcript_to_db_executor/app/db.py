from sqlmodel import Field, Session, SQLModel, create_engine


class Transcript(SQLModel, table=True):
    conversation_id: str = Field(primary_key=True)
    body: str


engine = create_engine("postgresql+psycopg://localhost/chatbot")


def save_transcript(conversation_id: str, body: str) -> None:
    with Session(engine) as session:
        session.merge(Transcript(conversation_id=conversation_id, body=body))
        session.commit()
