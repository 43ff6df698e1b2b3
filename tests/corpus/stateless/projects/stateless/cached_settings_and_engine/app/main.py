from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import text

from app.settings import Settings, get_engine, get_settings

app = FastAPI()


@app.get("/info")
def info(settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, str]:
    with get_engine().connect() as conn:
        version = conn.execute(text("select version()")).scalar_one()
    return {"model": settings.model, "db": version}
