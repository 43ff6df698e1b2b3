"""Cart endpoints; the repository is created per request."""

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from app.db import SessionDep
from app.models import CartLine
from app.repository import CartRepository

router = APIRouter(prefix="/cart", tags=["cart"])


def get_carts(session: SessionDep) -> CartRepository:
    return CartRepository(session)


CartsDep = Annotated[CartRepository, Depends(get_carts)]


class AddLine(BaseModel):
    sku: str
    quantity: int = 1


@router.post("/{user_id}/lines")
def add_line(user_id: str, body: AddLine, carts: CartsDep) -> dict[str, int]:
    return {"lines": len(carts.add(user_id, body.sku, body.quantity))}


@router.get("/{user_id}")
def show_cart(user_id: str, carts: CartsDep) -> list[CartLine]:
    return carts.lines(user_id)


@router.delete("/{user_id}")
def checkout(user_id: str, carts: CartsDep) -> None:
    carts.clear(user_id)
