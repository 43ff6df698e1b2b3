"""Domain errors, and the one error body every answer of the API uses.

Services stay free of HTTP: they raise the errors below, and `register_error_handlers` maps them
once. Every error, ours or FastAPI's (401, 404, 405, 422, ...), is answered as RFC 9457 problem
details (`application/problem+json`) with a `detail` string, so clients parse one shape; a 422
also lists what was wrong in `errors`, without echoing the input back.
"""

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROBLEM_MEDIA_TYPE = "application/problem+json"
# The largest request body read: room for several text fields at their cap (app/core/inputs.py),
# even with every character JSON-escaped.
MAX_BODY_BYTES = 4 * 1024 * 1024


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


class InvalidInputError(Exception):
    """The database refused a value the request schemas let through (answered 422, not 500)."""


class FieldProblem(BaseModel):
    """One thing wrong with the request: where (`loc`), what (`msg`) and its kind (`type`)."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An error, as RFC 9457 problem details; `detail` says what to do about it."""

    type: str = Field(default="about:blank", description="A URI naming the kind of problem")
    title: str = Field(description="The HTTP status phrase, e.g. Not Found")
    status: int = Field(ge=400, le=599, description="The HTTP status code")
    detail: str = Field(description="What went wrong, for a person to read")
    errors: list[FieldProblem] | None = Field(
        default=None, description="422 only: each field that was wrong"
    )


class ProblemResponse(JSONResponse):
    """JSON of a problem; text that cannot be encoded (a lone surrogate) is replaced, not fatal."""

    media_type = PROBLEM_MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        text = super().render(content).decode("utf-8", errors="replace")
        return text.encode("utf-8", errors="replace")


_DESCRIPTIONS = {
    401: "Missing, expired or invalid bearer token",
    404: "No such row among yours (another user's row answers the same)",
    409: "The change conflicts with existing data",
    413: "The request body is larger than the API reads",
    422: "The request does not fit the schema, or refers to a row you cannot use",
    503: "A service the request depends on cannot be reached",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting these error statuses with the problem body."""
    return {code: {"model": Problem, "description": _DESCRIPTIONS[code]} for code in statuses}


def problem(
    status_code: int,
    detail: str,
    *,
    errors: Sequence[FieldProblem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> ProblemResponse:
    body = Problem(
        title=HTTPStatus(status_code).phrase,
        status=status_code,
        detail=detail,
        errors=list(errors) if errors is not None else None,
    )
    return ProblemResponse(
        body.model_dump(exclude_none=True), status_code=status_code, headers=headers
    )


def _field_problems(errors: Sequence[Any]) -> list[FieldProblem]:
    # The input is left out on purpose: it may be huge, secret, or not encodable.
    return [
        FieldProblem(
            loc=[part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
            msg=str(error.get("msg", "")),
            type=str(error.get("type", "")),
        )
        for error in errors
    ]


def register_error_handlers(app: FastAPI) -> None:
    """Answer every error as problem details, and say so in the OpenAPI document."""

    @app.exception_handler(StarletteHTTPException)
    def _http_error(request: Request, exc: StarletteHTTPException) -> ProblemResponse:
        # FastAPI answers 400 for a body it could not read: say why, with the right status.
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            return problem(422, "The request body is not valid UTF-8 JSON")
        if exc.status_code == 400 and isinstance(exc.__cause__, BodyTooLargeError):
            return problem(413, f"The request body is over {MAX_BODY_BYTES} bytes")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return problem(exc.status_code, detail, headers=headers)

    @app.exception_handler(RequestValidationError)
    def _invalid_request(_request: Request, exc: RequestValidationError) -> ProblemResponse:
        return problem(
            422, "The request is not valid: see errors", errors=_field_problems(exc.errors())
        )

    @app.exception_handler(NotFoundError)
    def _not_found(_request: Request, exc: NotFoundError) -> ProblemResponse:
        return problem(status.HTTP_404_NOT_FOUND, str(exc))

    @app.exception_handler(ConflictError)
    def _conflict(_request: Request, exc: ConflictError) -> ProblemResponse:
        return problem(status.HTTP_409_CONFLICT, str(exc))

    @app.exception_handler(IntegrityError)
    def _integrity(_request: Request, _exc: IntegrityError) -> ProblemResponse:
        # A constraint the service did not foresee (a race between two requests, a new CHECK).
        return problem(status.HTTP_409_CONFLICT, "The change conflicts with existing data")

    @app.exception_handler(InvalidReferenceError)
    def _invalid_reference(_request: Request, exc: InvalidReferenceError) -> ProblemResponse:
        found = FieldProblem(loc=["body", exc.field], msg=str(exc), type="reference_not_found")
        return problem(422, str(exc), errors=[found])

    @app.exception_handler(InvalidInputError)
    def _invalid_input(_request: Request, exc: InvalidInputError) -> ProblemResponse:
        return problem(422, str(exc))

    @app.exception_handler(DataError)
    def _data_error(_request: Request, _exc: DataError) -> ProblemResponse:
        # Input the database cannot store is the client's problem (422), never a 500.
        return problem(422, "A value does not fit what the database can store")

    @app.exception_handler(Exception)
    def _unexpected(_request: Request, _exc: Exception) -> ProblemResponse:
        return problem(500, "Internal server error")

    app.add_middleware(InputGuard)
    _document_problems_as_problem_json(app)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path: FastAPI has a route per method, and
    Starlette's 405 would name only the first one's."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


def _document_problems_as_problem_json(app: FastAPI) -> None:
    """FastAPI documents every `responses=` model as application/json; ours are problem+json."""

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()  # FastAPI's own, cached on the app
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for code, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        if code[:1] in "45" and "application/json" in content:
                            content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]


class InputGuard:
    """ASGI middleware for what the framework would read too leniently or too far.

    - A query string that is not UTF-8 is a 422: Starlette would decode `?q=%FF` to U+FFFD and
      search for that, though the client sent bytes that are no text at all.
    - A body over MAX_BODY_BYTES is a 413, before it is read into memory: every field has a
      bound, so the whole request has one too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = None
        if not _is_utf8(scope.get("query_string", b"")):
            refusal = problem(422, "The query string is not valid percent-encoded UTF-8")
        elif _content_length(scope) > MAX_BODY_BYTES:
            refusal = problem(413, f"The request body is over {MAX_BODY_BYTES} bytes")
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            # A body without Content-Length (chunked) is counted as it arrives.
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise BodyTooLargeError
            return message

        await self.app(scope, counted, send)


class BodyTooLargeError(Exception):
    """Raised while reading a body that grows past MAX_BODY_BYTES."""


def _content_length(scope: Scope) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


def _is_utf8(query: bytes) -> bool:
    try:
        for pair in query.split(b"&"):
            for part in pair.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
