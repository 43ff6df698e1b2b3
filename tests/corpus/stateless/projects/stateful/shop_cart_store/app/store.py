"""Shopping carts, keyed by user id."""

from dataclasses import dataclass


@dataclass
class CartLine:
    sku: str
    quantity: int


class CartStore:
    def __init__(self) -> None:
        self.carts: dict[str, list[CartLine]] = {}

    def add(self, user_id: str, line: CartLine) -> list[CartLine]:
        cart = self.carts.setdefault(user_id, [])
        cart.append(line)
        return cart

    def lines(self, user_id: str) -> list[CartLine]:
        return self.carts.get(user_id, [])

    def clear(self, user_id: str) -> None:
        self.carts.pop(user_id, None)
