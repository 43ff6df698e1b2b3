from functools import cache, lru_cache

from pydantic_settings import BaseSettings
from sqlalchemy import Engine, create_engine


class Settings(BaseSettings):
    database_url: str = "postgresql+psycopg://app@db/app"
    model: str = "gpt-4o-mini"


@lru_cache
def get_settings() -> Settings:
    return Settings()


@cache
def get_engine() -> Engine:
    return create_engine(get_settings().database_url, pool_pre_ping=True)
