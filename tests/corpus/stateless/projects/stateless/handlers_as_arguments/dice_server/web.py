"""HTTP routes added by a builder: the handlers use the request's database session."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI
from sqlmodel import Field, Session, SQLModel, create_engine, select

from dice_server.config import DiceConfig

engine = create_engine("sqlite:///rolls.db")


class Roll(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    value: int


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def build_router(config: DiceConfig) -> APIRouter:
    router = APIRouter()

    async def record_roll(value: int, session: SessionDep) -> dict[str, int]:
        session.add(Roll(value=min(value, config.max_sides)))
        session.commit()
        return {"value": value}

    async def recent_rolls(session: SessionDep) -> list[int]:
        values: list[int] = []
        for roll in session.exec(select(Roll).order_by(Roll.id.desc()).limit(10)):
            values.append(roll.value)
        return values

    router.add_api_route("/rolls", record_roll, methods=["POST"])
    router.add_api_route("/rolls", recent_rolls, methods=["GET"])
    return router


def create_app() -> FastAPI:
    app = FastAPI()
    app.include_router(build_router(DiceConfig()))
    return app
