from sqlmodel import Field, SQLModel


class CartLine(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(index=True)
    sku: str
    quantity: int = 1
