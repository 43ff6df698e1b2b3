from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    max_turns: int = 40
    model: str = "gpt-4o-mini"


settings = Settings()
