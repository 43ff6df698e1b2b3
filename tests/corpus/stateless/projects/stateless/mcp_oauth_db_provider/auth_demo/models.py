from sqlmodel import Field, SQLModel


class ClientRow(SQLModel, table=True):
    client_id: str = Field(primary_key=True)
    payload: str


class TokenRow(SQLModel, table=True):
    token: str = Field(primary_key=True)
    client_id: str
    scopes: str
    expires_at: int
