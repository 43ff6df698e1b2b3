"""scaffold: generators and validators for FastAPI + SQLModel backends."""

__version__ = "0.1.0"
