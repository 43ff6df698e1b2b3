# expect: SA104
"""Cart endpoints."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.store import CartLine, CartStore

router = APIRouter(prefix="/cart", tags=["cart"])
carts = CartStore()


class AddLine(BaseModel):
    sku: str
    quantity: int = 1


@router.post("/{user_id}/lines")
def add_line(user_id: str, body: AddLine) -> dict[str, int]:
    cart = carts.add(user_id, CartLine(body.sku, body.quantity))
    return {"lines": len(cart)}


@router.get("/{user_id}")
def show_cart(user_id: str) -> list[dict[str, object]]:
    return [{"sku": line.sku, "quantity": line.quantity} for line in carts.lines(user_id)]


@router.delete("/{user_id}")
def checkout(user_id: str) -> None:
    carts.clear(user_id)
