from sqlmodel import Field, SQLModel, create_engine


class Preference(SQLModel, table=True):
    user_id: str = Field(primary_key=True)
    tone: str = "neutral"


engine = create_engine("postgresql+psycopg://app@db/app")
