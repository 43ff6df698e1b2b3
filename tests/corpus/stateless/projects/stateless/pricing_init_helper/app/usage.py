"""Cost estimates for a completion."""

from pathlib import Path

from fastapi import APIRouter

from app.pricing import PriceTable

router = APIRouter()
prices = PriceTable(Path(__file__).with_name("prices.csv"))


@router.get("/cost")
def cost(model: str, tokens: int) -> dict[str, object]:
    return {"cost": prices.cost(model, tokens), "currency": prices.currency}
