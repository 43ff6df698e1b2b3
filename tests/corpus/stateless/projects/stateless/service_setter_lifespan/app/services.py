"""The embedding service, installed once at startup."""

from app.embedding import EmbeddingService

_service: EmbeddingService | None = None


def set_service(service: EmbeddingService) -> None:
    global _service
    _service = service


def get_service() -> EmbeddingService:
    if _service is None:
        raise RuntimeError("the embedding service is set in the lifespan")
    return _service
