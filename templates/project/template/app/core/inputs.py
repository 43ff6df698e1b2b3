"""What a client may send: every value must fit the column that stores it.

The request schemas (app/schemas/) use these limits and validators, so that input the database
cannot hold is a 422 at the door, the same on SQLite and PostgreSQL, never a 500 from the driver.
"""

import math
import re
import types
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, Union, get_args, get_origin
from uuid import UUID

from pydantic import ValidationInfo, field_validator
from sqlmodel import SQLModel

# `int` columns are INTEGER: 32-bit on PostgreSQL, so ids, counts, offsets and cursors stay in it.
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
# A `str` field without a length gets this one (VARCHAR(255)); `str(n)` sets its own.
DEFAULT_STR_LENGTH = 255
# `text` fields are unbounded in the database, but a request is not: this is the hard cap.
TEXT_MAX_LENGTH = 100_000

# A json field that must not be null says so in its schema (JsonValue itself admits null).
NOT_NULL = {"not": {"type": "null"}}
# JSON brings text; Python callers (services, jobs) may pass the values themselves.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}.*")


def storable_text(value: str | None) -> str | None:
    """Refuse NUL characters (PostgreSQL cannot store them) and lone surrogates (not Unicode)."""
    if value is None:
        return None
    if "\x00" in value:
        raise ValueError("text may not contain NUL (\\u0000) characters")
    storable_json(value)
    return value


def iso_date_text(value: Any) -> Any:
    """Dates come as ISO 8601 text (`2024-01-31`), not as numbers or other date forms."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("a date is ISO 8601 text, e.g. 2024-01-31")


def iso_datetime_text(value: Any) -> Any:
    """Datetimes come as ISO 8601 text with an offset, not as Unix timestamps."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATETIME.fullmatch(value):
        return value
    raise ValueError("a datetime is ISO 8601 text with an offset, e.g. 2024-01-31T09:30:00Z")


def json_integer(value: Any) -> Any:
    """An int is a JSON number without a fraction (1 or 1.0), never text ("1") or a boolean."""
    if isinstance(value, bool | str):
        raise ValueError("an integer is a JSON number, e.g. 42")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def decimal_text(value: Any, pattern: str) -> Any:
    """A decimal is text (`"12.50"`), so it stays exact; `pattern` gives its digits and places.

    JSON numbers are binary floats: 0.1 would not arrive as 0.1.
    """
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, str) and re.fullmatch(pattern, value):
        return value
    raise ValueError(f'a decimal is text matching {pattern}, e.g. "12.50"')


def uuid_text(value: Any) -> Any:
    """UUIDs come as text."""
    if value is None or isinstance(value, str | UUID):
        return value
    raise ValueError("a UUID is text, e.g. 123e4567-e89b-12d3-a456-426614174000")


def utc_datetime(value: datetime | None) -> datetime | None:
    """An aware datetime, in UTC; refused when naive or outside years 1..9999 once in UTC."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a datetime needs an offset, e.g. 2024-01-31T09:30:00Z")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the datetime is out of range once converted to UTC") from None


def no_null_defaults(schema: dict[str, Any]) -> None:
    """OpenAPI: a PATCH field that may be left out but not sent as null has no `null` default."""
    for prop in schema.get("properties", {}).values():
        if prop.get("default", ...) is None and "anyOf" not in prop and prop.get("type"):
            del prop["default"]


def storable_json(value: Any) -> Any:
    """A JSON document every database and client can take back: finite numbers (JSON has no
    NaN or Infinity) and text that encodes as UTF-8 (no lone surrogates), keys included."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("JSON numbers must be finite (no NaN or Infinity)")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("JSON text must be valid Unicode (no lone surrogates)") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            storable_json(key)
            storable_json(item)
    elif isinstance(value, list):
        for item in value:
            storable_json(item)
    return value


@cache
def _schema_extra(model: type[SQLModel], name: str) -> dict[str, Any]:
    """What a field adds to its JSON Schema: the checks below enforce what it documents."""
    extra = model.model_fields[name].json_schema_extra
    return extra if isinstance(extra, dict) else {}


@cache
def _field_type(model: type[SQLModel], name: str) -> Any:
    """The type of a field without `| None`: what the checks below dispatch on."""
    annotation = model.model_fields[name].annotation
    if get_origin(annotation) in (Union, types.UnionType):
        kinds = [arg for arg in get_args(annotation) if arg is not type(None)]
        return kinds[0] if len(kinds) == 1 else annotation
    return annotation


class RequestChecks(SQLModel):
    """Mixed into every request schema: the checks above, applied by each field's type.

    By type rather than by name, so that a field added later (`scaffold field add`) is checked
    the same way without listing it anywhere.
    """

    @field_validator("*", mode="before")
    @classmethod
    def _text_forms(cls, value: Any, info: ValidationInfo) -> Any:
        if not info.field_name:
            return value
        kind = _field_type(cls, info.field_name)
        if kind is int:
            return json_integer(value)
        if kind is Decimal:
            return decimal_text(value, str(_schema_extra(cls, info.field_name)["pattern"]))
        if kind is datetime:
            return iso_datetime_text(value)
        if kind is date:
            return iso_date_text(value)
        if kind is UUID:
            return uuid_text(value)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            return storable_text(value)
        if isinstance(value, datetime):
            return utc_datetime(value)
        if isinstance(value, dict | list):
            return storable_json(value)
        if value is None and info.field_name and _schema_extra(cls, info.field_name) == NOT_NULL:
            raise ValueError("may not be null")
        return value
