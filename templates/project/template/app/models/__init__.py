"""Every table model, imported here so that Alembic and SQLModel.metadata see it."""

from app.models.base import TimestampMixin

__all__ = ["TimestampMixin"]
