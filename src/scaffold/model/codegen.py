"""How each field of the DSL becomes code: annotations, column options, migration columns, and
the sample values the generated tests send. Templates loop over these views; they compute
nothing themselves."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scaffold.model.naming import LINE_LENGTH, ResourceNames, enum_class_name
from scaffold.model.prose import string_literal_lines
from scaffold.model.samples import non_matching, pattern_samples
from scaffold.model.spec import (
    DEFAULT_STR_LENGTH,
    FILTER_TYPES,
    ON_DELETE,
    FieldSpec,
    enum_member,
    string_default,
)

# What the database columns can hold; the project's app/core/inputs.py names the same limits.
INT_MIN = -(2**31)  # `int` and ids are INTEGER: 32-bit on PostgreSQL
INT_MAX = 2**31 - 1
NOT_NULL = {"not": {"type": "null"}}  # JSON Schema of a json field that refuses null
PATTERN_SAMPLES = 16  # distinct values the tests cycle through for a field with a :pattern

_ANNOTATIONS = {
    "str": "str",
    "text": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "decimal": "Decimal",
    "date": "date",
    "datetime": "datetime",
    "uuid": "UUID",
    "json": "JsonValue",
    "ref": "int",
}

# A value of the wrong JSON type for each field type (json accepts anything, so it has none).
_WRONG_VALUES = {
    "str": "12345",
    "text": "12345",
    "int": '"not-a-number"',
    "float": '"not-a-number"',
    "bool": '"not-a-bool"',
    "decimal": '"not-a-number"',
    "date": '"not-a-date"',
    "datetime": '"not-a-datetime"',
    "uuid": '"not-a-uuid"',
    "enum": '"not-a-choice"',
    "ref": '"not-an-id"',
}


@dataclass(frozen=True)
class FieldView:
    """One field, as the templates need it."""

    spec: FieldSpec
    name: str  # attribute and column name (author_id for a ref)
    annotation: str  # in the table model and Create/Read schemas
    default_expr: str | None  # Python default in the model, None if required
    field_kwargs: str  # extra Field(...) arguments, e.g. 'max_length=120'
    migration_column: str  # sa.Column(...) for op.create_table
    sample: str  # Python expression of a JSON value; may use `n` (row number) and refs
    updated_sample: str  # a different valid value, for the PATCH test
    wrong_value: str | None  # JSON of the wrong type, or None (json fields)
    compare: str  # how tests compare sent and returned values: exact|decimal|datetime|float
    enum_class: str | None
    ref: ResourceNames | None
    table: str
    description: str = ""

    @property
    def optional(self) -> bool:
        return self.spec.optional

    @property
    def required(self) -> bool:
        return self.spec.required

    @property
    def filterable(self) -> bool:
        """Whether the list endpoint takes an equality filter on this field."""
        return self.spec.type in FILTER_TYPES

    @property
    def searchable(self) -> bool:
        """Whether the list endpoint's `q` searches this field."""
        return self.spec.type in {"str", "text"}

    @property
    def filter_annotation(self) -> str:
        return self.enum_class or _ANNOTATIONS[self.spec.type]

    @property
    def declaration(self) -> str:
        """`name: type = Field(...)` in the shared Base model."""
        args = [f"default={self.default_expr}"] if self.default_expr is not None else []
        args += [self.field_kwargs] if self.field_kwargs else []
        if self.description:
            args.append(f"description={long_string(self.description)}")
        if not args:
            return f"{self.name}: {self.annotation}"
        return f"{self.name}: {self.annotation} = Field({', '.join(args)})"

    @property
    def update_declaration(self) -> str:
        """`name: type = Field(default=None, ...)` in the Update schema: every field may be left
        out, but only an optional one may be sent as null (its annotation says which)."""
        args = ["default=None", *_validation_kwargs(self.spec)]
        if self.description:
            args.append(f"description={long_string(self.description)}")
        return f"{self.name}: {self.annotation} = Field({', '.join(args)})"

    @property
    def hostile_values(self) -> list[str]:
        """Python expressions of JSON texts that this field must refuse with a 422.

        Each is a value no column of its type can hold, or one of the wrong JSON type that a
        lax parser would coerce ("1" for an int, 0 for a date).
        """
        texts = _hostile(self.spec)
        return [text if text.startswith("dumps(") else repr(text) for text in texts]

    @property
    def database_refuses(self) -> list[str]:
        """Python literals the table's CHECK constraints refuse in this column, written past
        the API: the constraints hold for every client of the database, not only this app."""
        spec = self.spec
        values: list[str] = []
        if spec.type == "enum":
            values.append(repr("!"))  # no choice starts with "!"; it fits the column's length
        for value in outside_bounds(spec):
            if isinstance(value, dt.datetime):
                values.append(_datetime_literal(value))
            elif isinstance(value, dt.date):
                values.append(_date_literal(value))
            elif isinstance(value, decimal.Decimal):
                values.append(f'Decimal("{value}")')
            else:
                values.append(repr(value))
        if spec.min_length:
            values.append(repr("x" * (spec.min_length - 1)))
        if spec.pattern is not None:
            values.append(repr(non_matching(spec.pattern)))
        return values

    @property
    def query_bounds(self) -> str:
        """`Query(...)` arguments that keep a list filter on this field within its column."""
        return f"ge=1, le={INT_MAX}, " if self.spec.type == "ref" else ""

    @property
    def on_delete(self) -> str:
        return on_delete(self.spec)

    @property
    def fk_name(self) -> str:
        return f"fk_{self.table}_{self.name}_{self.ref.table if self.ref else ''}"


def build(
    spec: FieldSpec, resource: ResourceNames, ref: ResourceNames | None, description: str = ""
) -> FieldView:
    """The view of `spec` in `resource`; `ref` names the referenced resource of a ref field."""
    enum_class = enum_class_name(resource.class_name, spec.name) if spec.type == "enum" else None
    annotation = enum_class or _ANNOTATIONS[spec.type]
    if spec.optional:
        annotation = f"{annotation} | None"
    return FieldView(
        spec=spec,
        name=spec.column,
        annotation=annotation,
        default_expr=_default_expr(spec, enum_class),
        field_kwargs=_field_kwargs(spec, resource, ref, enum_class),
        migration_column=_migration_column(spec),
        sample=_dict_value(spec.column, _sample(spec, 0)),
        updated_sample=_dict_value(spec.column, _sample(spec, 1)),
        wrong_value=_WRONG_VALUES.get(spec.type),
        compare={"decimal": "decimal", "datetime": "datetime", "float": "float"}.get(
            spec.type, "exact"
        ),
        enum_class=enum_class,
        ref=ref,
        table=resource.table,
        description=description,
    )


def long_string(text: str) -> str:
    """A string literal; long ones as a parenthesized concatenation that fits the line length."""
    if len(text) <= 60:
        return repr(text)
    return "(" + " ".join(string_literal_lines(text, width=60)) + ")"


def adjacent_literals(text: str) -> str:
    """A string literal, written as adjacent pieces where it is long: as a call's argument,
    ruff joins them when the line fits and otherwise puts a piece on each line."""
    return " ".join(string_literal_lines(text, width=60))


def enum_members(spec: FieldSpec) -> list[tuple[str, str]]:
    return [(enum_member(choice), choice) for choice in spec.choices]


_FACTORIES = {
    "datetime": {"now": "utcnow"},
    "uuid": {"new": "uuid4"},
    "json": {"{}": "dict", "[]": "list"},
}


def _default_expr(spec: FieldSpec, enum_class: str | None) -> str | None:
    """The Python default of a field, or None when it is required or has a factory."""
    value = spec.default
    if value is None:
        return "None" if spec.optional else None
    if spec.type == "int":
        return str(int(value))
    if spec.type == "float":
        return repr(float(value))
    if spec.type == "bool":
        return "True" if value.lower() == "true" else "False"
    if spec.type == "decimal":
        return f'Decimal("{value}")'
    if spec.type in {"str", "text"}:
        return repr(string_default(value))
    if spec.type == "date":
        return f"date.fromisoformat({value!r})"
    if spec.type == "enum":
        return f"{enum_class}.{enum_member(value)}"
    return None


def _factory(spec: FieldSpec) -> str | None:
    return _FACTORIES.get(spec.type, {}).get(spec.default or "")


def _field_kwargs(
    spec: FieldSpec, resource: ResourceNames, ref: ResourceNames | None, enum_class: str | None
) -> str:
    kwargs: list[str] = []
    factory = _factory(spec)
    if factory:
        kwargs.append(f"default_factory={factory}")
    kwargs += _validation_kwargs(spec)
    if spec.type == "text":
        kwargs.append("sa_type=Text")
    if spec.type == "datetime":
        kwargs.append("sa_type=UTCDateTime")
    if spec.type == "json":
        kwargs.append("sa_type=JSON")
    if spec.type == "enum":
        length = max(len(choice) for choice in spec.choices)
        kwargs.append(
            f'sa_type=sa.Enum({enum_class}, name="{spec.name}", native_enum=False, '
            f"length={length}, values_callable=enum_values)"
        )
    if spec.type == "ref" and ref is not None:
        kwargs.append(f'foreign_key="{ref.table}.id", ondelete="{on_delete(spec)}"')
    # No index=True: the table's composite indexes (table_layout.py) follow the queries.
    return ", ".join(kwargs)


def on_delete(spec: FieldSpec) -> str:
    """The SQL ON DELETE action of a ref field's foreign key."""
    return ON_DELETE[spec.on_delete or "restrict"]


def _migration_type(spec: FieldSpec) -> str:
    if spec.type == "str":
        return f"sqlmodel.sql.sqltypes.AutoString(length={str_length(spec)})"
    if spec.type == "enum":
        values = ", ".join(repr(c) for c in spec.choices)
        longest = max(len(choice) for choice in spec.choices)
        return f'sa.Enum({values}, name="{spec.name}", native_enum=False, length={longest})'
    if spec.type == "decimal":
        return f"sa.Numeric(precision={spec.precision}, scale={spec.scale})"
    return {
        "text": "sa.Text()",
        "int": "sa.Integer()",
        "ref": "sa.Integer()",
        "float": "sa.Float()",
        "bool": "sa.Boolean()",
        "date": "sa.Date()",
        "datetime": "sa.DateTime(timezone=True)",
        "uuid": "sa.Uuid()",
        "json": "sa.JSON()",
    }[spec.type]


def _migration_column(spec: FieldSpec) -> str:
    return f'sa.Column("{spec.column}", {_migration_type(spec)}, nullable={spec.optional})'


def str_length(spec: FieldSpec) -> int:
    """The most characters a str or text field takes: its own length, else the default cap."""
    return spec.longest or DEFAULT_STR_LENGTH


def _validation_kwargs(spec: FieldSpec) -> list[str]:
    """What pydantic checks, in the table model's Base and in the Update schema alike.

    Every value is bounded by what its column holds; `strict` keeps JSON types honest (no
    "12" for an int, no 1 for a bool), as the OpenAPI document says.
    """
    kwargs: list[str] = []
    extra: dict[str, str] = {}
    kind = spec.type
    if kind in {"str", "text"}:
        if spec.min_length:
            kwargs.append(f"min_length={spec.min_length}")
        kwargs.append(f"max_length={str_length(spec)}")
        if spec.pattern is not None:
            extra["pattern"] = repr(spec.pattern)
    elif kind in {"int", "ref"}:
        low = max(INT_MIN if kind == "int" else 1, _int_or(spec.minimum, INT_MIN))
        high = min(INT_MAX, _int_or(spec.maximum, INT_MAX))
        kwargs.append(f"ge={low}, le={high}")
    elif kind == "float":
        kwargs += [f"ge={float(spec.minimum)!r}"] if spec.minimum is not None else []
        kwargs += [f"le={float(spec.maximum)!r}"] if spec.maximum is not None else []
        extra["strict"] = "True"
        extra["allow_inf_nan"] = "False"
    elif kind == "bool":
        extra["strict"] = "True"
    elif kind == "decimal":
        kwargs.append(f"max_digits={spec.precision}, decimal_places={spec.scale}")
        _bounds(extra, spec, lambda v: f"Decimal({v!r})")
        # Decimals travel as text, exactly; the pattern documents (and app/core/inputs.py
        # enforces) the digits and places the column holds.
        text_type: object = ["string", "null"] if spec.optional else "string"
        extra["json_schema_extra"] = repr({"type": text_type, "pattern": decimal_pattern(spec)})
    elif kind == "date":
        _bounds(extra, spec, lambda v: f"date.fromisoformat({v!r})")
    elif kind == "datetime":
        _bounds(extra, spec, lambda v: f"datetime.fromisoformat({v!r})")
    elif kind == "json" and not spec.optional:
        # JsonValue admits null; a required json field does not (app/core/inputs.py checks it).
        extra["json_schema_extra"] = repr(NOT_NULL)
    if extra:
        items = ", ".join(f"{key!r}: {value}" for key, value in extra.items())
        kwargs.append(f"schema_extra={{{items}}}")
    return kwargs


_LONE_SURROGATE = '"\\ud800"'  # JSON text of a string no UTF-8 encoder accepts
_NUL = '"a\\u0000b"'
_HOSTILE = {
    "float": ["NaN", "Infinity", "-Infinity", "1e309", '"1.5"', "true"],
    "decimal": ['"NaN"', '"Infinity"', "1e309", "true"],
    "bool": ['"true"', "1"],
    "date": ["0", '"0"', '"2024-02-30"', '"20240101"'],
    "datetime": [
        '"2024-01-01T12:00:00"',  # naive: which zone would it be?
        '"0001-01-01T00:00:00+01:00"',  # year 0 once in UTC
        '"9999-12-31T23:59:59-01:00"',  # year 10000 once in UTC
        "0",
    ],
    "uuid": ["5", '"not-a-uuid"'],
    "enum": ['"not-a-choice"', "1"],
    "json": [_LONE_SURROGATE, '{"a": NaN}', "[Infinity]"],
}


def _hostile(spec: FieldSpec) -> list[str]:
    kind = spec.type
    if kind in {"str", "text"}:
        values = [f'dumps("x" * {str_length(spec) + 1})', _NUL, _LONE_SURROGATE, "12345"]
        if spec.min_length:
            values.append(f'dumps("x" * {spec.min_length - 1})')
    elif kind in {"int", "ref"}:
        low = max(INT_MIN if kind == "int" else 1, _int_or(spec.minimum, INT_MIN))
        high = min(INT_MAX, _int_or(spec.maximum, INT_MAX))
        values = [str(low - 1), str(high + 1), str(10**30), '"1"', "1.5", "true"]
    else:
        values = list(_HOSTILE[kind])
    if spec.pattern is not None:
        values.append(repr(non_matching(spec.pattern)).replace("'", '"'))
    if kind != "int":  # ints have theirs above, within the column's range
        values += [_json_text(value) for value in outside_bounds(spec)]
    if kind == "decimal" and spec.precision is not None and spec.scale is not None:
        values.append(f'"{"9" * (spec.precision - spec.scale + 1)}"')  # too many digits
    if not spec.optional:
        values.append("null")
    return values


def outside_bounds(spec: FieldSpec) -> list[Any]:
    """Values just below :min and just above :max, of the field's Python type.

    None beyond a bound at the limit of the column or of Python's types (`:min(-2147483648)`,
    `:max(9999-12-31)`): nothing there can be stored or sent, so there is nothing to refuse.
    """
    values: list[Any] = []
    for bound, step in ((spec.minimum, -1), (spec.maximum, 1)):
        if bound is None:
            continue
        try:
            value = _beyond(spec.type, bound, step)
        except OverflowError:  # a date or datetime bound at the end of the calendar
            continue
        if value is not None:
            values.append(value)
    return values


def _beyond(kind: str, bound: str, step: int) -> Any:
    if kind == "int":
        value = int(bound) + step
        return value if INT_MIN <= value <= INT_MAX else None
    if kind == "float":
        number = float(bound)
        beyond = number + step
        if beyond == number:  # past 2**53 adding 1 changes nothing: take the next float out
            beyond = math.nextafter(number, step * math.inf)
        return beyond if math.isfinite(beyond) else None
    if kind == "decimal":
        # Exactly: the default context (28 digits) could round bound + 1 back inside.
        return decimal.Context(prec=100).add(decimal.Decimal(bound), step)
    if kind == "date":
        return dt.date.fromisoformat(bound) + dt.timedelta(days=step)
    moment = dt.datetime.fromisoformat(bound).astimezone(dt.UTC)
    return moment + dt.timedelta(hours=step)


def _json_text(value: Any) -> str:
    """A value of `outside_bounds` as the JSON a client sends (decimals and dates as text)."""
    if isinstance(value, int | float):
        return repr(value)
    return f'"{value.isoformat() if isinstance(value, dt.date) else value}"'


def decimal_pattern(spec: FieldSpec) -> str:
    """The text form of a decimal(p,s): at most p-s digits before the point, s after it."""
    precision, scale = spec.precision or 0, spec.scale or 0
    whole = precision - scale
    if whole == 0:  # pydantic counts a lone 0 before the point as a whole digit
        return rf"^[+-]?0?\.[0-9]{{1,{scale}}}$"
    fraction = rf"(\.[0-9]{{1,{scale}}})?" if scale else ""
    return rf"^[+-]?[0-9]{{1,{whole}}}{fraction}$"


def _int_or(text: str | None, fallback: int) -> int:
    return fallback if text is None else int(text)


def _bounds(extra: dict[str, str], spec: FieldSpec, literal: Callable[[str], str]) -> None:
    # Decimal, date and datetime bounds are not floats, so they reach pydantic as extras.
    if spec.minimum is not None:
        extra["ge"] = literal(spec.minimum)
    if spec.maximum is not None:
        extra["le"] = literal(spec.maximum)


def _sample(spec: FieldSpec, variant: int) -> str:
    """A Python expression for a valid JSON value; `n` distinguishes rows (for :unique).

    Values respect the field's constraints (:min/:max, :min_length, :pattern), so that the
    generated tests send what the API must accept.
    """
    tag = "n" if variant == 0 else "n + 100"
    if spec.pattern is not None:
        samples = pattern_samples(
            spec.pattern,
            count=PATTERN_SAMPLES,
            min_length=spec.min_length or 0,
            max_length=str_length(spec),
        )
        row = "n" if variant == 0 else "n + 1"
        return f"{samples!r}[({row}) % {len(samples)}]"
    if spec.type == "str":
        limit = spec.max_length or DEFAULT_STR_LENGTH
        # At most 12 letters of the name: long names must not push the tests past 100 columns.
        word = (spec.name[:12] if variant == 0 else "new")[: max(0, limit - 4)]
        return _at_least(f'f"{word}{{{tag}}}"' if word else f"str({tag})", spec.min_length)
    if spec.type == "text":
        text = f'f"{"Some" if variant == 0 else "Other"} {spec.name[:12]} text {{{tag}}}"'
        return _at_least(text, spec.min_length)
    if spec.type in {"int", "float", "date", "datetime"} and (
        spec.minimum is not None or spec.maximum is not None
    ):
        return _bounded_sample(spec, variant)
    if spec.type == "int":
        return f"{tag} + 1"
    if spec.type == "float":
        return f"{tag} + 0.5"
    if spec.type == "bool":
        return "n % 2 == 0" if variant == 0 else "n % 2 == 1"
    if spec.type == "decimal":
        return _decimal_sample(spec, variant)
    if spec.type == "date":
        return f"(date(2024, 1, 1) + timedelta(days={tag})).isoformat()"
    if spec.type == "datetime":
        return f"(datetime(2024, 1, 1, 12, tzinfo=UTC) + timedelta(hours={tag})).isoformat()"
    if spec.type == "uuid":
        return "str(uuid4())"
    if spec.type == "json":
        return f'{{"key": {tag}, "tags": ["a", "b"]}}'
    if spec.type == "enum":
        choices = spec.choices
        if variant == 0:
            return f"{list(choices)!r}[n % {len(choices)}]"
        return f"{list(choices)!r}[(n + 1) % {len(choices)}]"
    if spec.type == "ref":
        return f"{spec.name}_id"
    raise AssertionError(spec.type)


def _dict_value(key: str, value: str) -> str:
    """`value`, parenthesized when in a dict in a function (`"key": value,`) the key and the
    part of the value ruff cannot break (up to its first bracket) would not fit on a line:
    ruff keeps the parentheses and breaks the line inside them."""
    fits = len(f'            "{key}": {_head(value)}') <= LINE_LENGTH
    return value if fits else f"({value})"


def _head(expression: str) -> str:
    """`expression` up to its first bracket outside a string literal."""
    quote, escaped = "", False
    for index, char in enumerate(expression):
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\"
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            return expression[: index + 1]
    return expression


def _at_least(expression: str, min_length: int | None) -> str:
    return f'{expression}.ljust({min_length}, "x")' if min_length else expression


def _bounded_sample(spec: FieldSpec, variant: int) -> str:
    """A value inside [:min, :max] that still varies with `n`."""
    row = "n" if variant == 0 else "(n + 1)"
    if spec.type == "int":
        low, high = _span(spec, int, default_low=1, width=10**6)
        return f"{low} + {row} % {high - low + 1}"
    if spec.type == "float":
        low_f, high_f = _span(spec, float, default_low=0.5, width=1e6)
        if math.isinf((high_f - low_f) * 9):  # near the float limits: step by ninths instead
            return f"{low_f!r} + {high_f / 9 - low_f / 9!r} * ({row} % 8 + 1)"
        return f"{low_f!r} + {high_f - low_f!r} * ({row} % 8 + 1) / 9"
    if spec.type == "date":
        first, last = _span(
            spec, dt.date.fromisoformat, default_low=dt.date(2024, 1, 1), width=dt.timedelta(999)
        )
        days = (last - first).days + 1
        return f"({_date_literal(first)} + timedelta(days={row} % {days})).isoformat()"
    start, end = _span(
        spec,
        lambda text: dt.datetime.fromisoformat(text).astimezone(dt.UTC),
        default_low=dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC),
        width=dt.timedelta(hours=999),
    )
    hours = max(1, int((end - start).total_seconds() // 3600))
    return f"({_datetime_literal(start)} + timedelta(hours={row} % {hours})).isoformat()"


def _span(spec: FieldSpec, parse: Callable[[str], Any], *, default_low: Any, width: Any) -> Any:
    """The (low, high) a sample may take: the field's bounds, the missing one `width` away."""
    low = parse(spec.minimum) if spec.minimum is not None else None
    high = parse(spec.maximum) if spec.maximum is not None else None
    if low is None:
        low = min(default_low, _shifted(high, -width))
    if high is None:
        high = _shifted(low, width)
    return low, high


def _shifted(value: Any, delta: Any) -> Any:
    """`value + delta`, or the type's own limit where that leaves the calendar (year 9999)."""
    try:
        return value + delta
    except OverflowError:
        limit = type(value).max if delta > type(delta)() else type(value).min
        return limit.replace(tzinfo=value.tzinfo) if isinstance(value, dt.datetime) else limit


def _date_literal(day: dt.date) -> str:
    return f"date({day.year}, {day.month}, {day.day})"


def _datetime_literal(moment: dt.datetime) -> str:
    """`datetime(...)` of a UTC moment, to the second."""
    parts = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
    return f"datetime({', '.join(map(str, parts))}, tzinfo=UTC)"


def _decimal_sample(spec: FieldSpec, variant: int) -> str:
    precision = spec.precision or 10
    scale = spec.scale or 0
    whole_digits = min(precision - scale, 6)
    # .5 and .25 are exact in binary: SQLite keeps a decimal as a float, which would round a
    # long fraction of other digits (decimal(38,38) would not come back as it was sent).
    if scale == 1:
        fraction = "5" if variant == 0 else "2"
    else:
        fraction = ("5" if variant == 0 else "25").ljust(scale, "0")
    if whole_digits <= 0:
        return f'"0.{fraction}"'
    # The whole part is the row number, wrapped to fit the digits the column allows.
    row = "n" if variant == 0 else "n + 1"
    whole = f"{{({row}) % {10**whole_digits}}}"
    return f'f"{whole}.{fraction}"' if scale else f'f"{whole}"'
