from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    allowed_origins: list[str] = ["https://app.example.com"]
    content_security_policy: str = "default-src 'self'"


settings = Settings()
