"""Settings read from the environment."""

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    model: str = "gpt-4o-mini"
    max_turns: int = 20


settings = Settings()
