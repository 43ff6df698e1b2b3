"""Cart lines in the database, for one request's session."""

from sqlmodel import Session, col, delete, select

from app.models import CartLine


class CartRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user_id: str, sku: str, quantity: int) -> list[CartLine]:
        self.session.add(CartLine(user_id=user_id, sku=sku, quantity=quantity))
        self.session.commit()
        return self.lines(user_id)

    def lines(self, user_id: str) -> list[CartLine]:
        return list(self.session.exec(select(CartLine).where(CartLine.user_id == user_id)))

    def clear(self, user_id: str) -> None:
        self.session.exec(delete(CartLine).where(col(CartLine.user_id) == user_id))
        self.session.commit()
