from fastapi import APIRouter
from pydantic import BaseModel

from gateway.config import active_model, set_active_model

router = APIRouter(prefix="/admin")


class ModelChoice(BaseModel):
    name: str


@router.put("/model")
async def switch_model(body: ModelChoice) -> dict[str, str]:
    set_active_model(body.name)
    return {"model": active_model()}
