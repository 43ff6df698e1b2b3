"""Domain errors, raised by services and answered with the right status by the app.

Services stay free of HTTP: they raise these, and `register_error_handlers` maps them once.
"""

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse


class NotFoundError(Exception):
    """The row does not exist, or belongs to another user (never say which)."""


class ConflictError(Exception):
    """The change collides with existing data (a unique value, a row still referenced)."""


class InvalidReferenceError(Exception):
    """A field points at a row the caller cannot use."""

    def __init__(self, field: str, message: str, value: object) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


def register_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    def _not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_404_NOT_FOUND)

    @app.exception_handler(ConflictError)
    def _conflict(_request: Request, exc: ConflictError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_409_CONFLICT)

    @app.exception_handler(InvalidReferenceError)
    def _invalid_reference(_request: Request, exc: InvalidReferenceError) -> JSONResponse:
        # The same shape as FastAPI's own validation errors, so clients handle one format.
        detail = [
            {
                "type": "reference_not_found",
                "loc": ["body", exc.field],
                "msg": str(exc),
                "input": exc.value,
            }
        ]
        return JSONResponse({"detail": detail}, status_code=422)
