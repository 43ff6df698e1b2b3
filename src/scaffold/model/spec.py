"""The field DSL, parsed and validated once into frozen specs.

    name:type[(args)][:modifier...][?][=default]

Types: str[(max_length)], text, int, float, bool, decimal[(precision,scale)], date, datetime,
uuid, json, enum(a|b|c), ref(Model). `?` makes the field optional (nullable). Modifiers:

- `:unique`, `:index`; on a ref, `:cascade`, `:set-null` or `:restrict` (ON DELETE).
- `:min(V)`, `:max(V)` on int, float, decimal, date and datetime fields: inclusive bounds,
  written as the type's literal (`:min(0)`, `:max(99.99)`, `:min(2024-01-01)`,
  `:max(2030-01-01T00:00:00Z)`; a datetime bound carries its offset).
- `:min_length(N)` on str and text fields.
- `:pattern(REGEX)` on str and text fields: a regular expression that must match somewhere in
  the value (anchor it as `^...$` for the whole value); `check_pattern` describes the portable
  subset. It may hold `:`, `?`, `=` and `|`; its parentheses balance as in the regex itself:
  `\\(`, `\\)` and those inside `[...]` do not count.

Examples: `name:str(120)`, `price:decimal(10,2):min(0)`, `stock:int:min(0)=0`,
`sku:str:unique:pattern(^[A-Z]{3}-[0-9]{4}$)`, `notes:text?`,
`status:enum(draft|published)=draft`, `author:ref(Author)`.

`FieldSpec.dsl` writes a spec back in this syntax, canonically: `parse_field(f.dsl) == f`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import math
import re
import string
import warnings
from dataclasses import dataclass, field
from typing import TypedDict

from scaffold.errors import SpecError
from scaffold.model.naming import (
    MAX_IDENTIFIER_BYTES,
    ResourceNames,
    abridged,
    check_identifier,
    is_identifier,
    pascal_case,
    pluralize,
    shorten,
    snake_case,
)

TYPES = (
    "str",
    "text",
    "int",
    "float",
    "bool",
    "decimal",
    "date",
    "datetime",
    "uuid",
    "json",
    "enum",
    "ref",
)
FLAG_MODIFIERS = ("unique", "index", "cascade", "set-null", "restrict")
VALUE_MODIFIERS = ("min", "max", "min_length", "pattern")
MODIFIERS = FLAG_MODIFIERS + VALUE_MODIFIERS
# What a ref's foreign key does when the referenced row is deleted.
ON_DELETE = {"cascade": "CASCADE", "set-null": "SET NULL", "restrict": "RESTRICT"}
# The types :min and :max apply to, and those :min_length and :pattern apply to.
BOUNDED_TYPES = ("int", "float", "decimal", "date", "datetime")
TEXT_TYPES = ("str", "text")
# An int column is a PostgreSQL INTEGER.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

# Columns every table has; a field may not take their names.
RESERVED_FIELDS = {"id", "user_id", "created_at", "updated_at"}
# Names that the generated modules import or bind where a field's name lands too: the model's
# and schemas' class bodies (sa.Enum(...), default_factory=utcnow), the list functions, and the
# attributes SQLAlchemy reserves.
SHADOWING_FIELDS = {
    *("date", "datetime", "decimal", "uuid", "json", "sa", "utcnow", "uuid4", "enum_values"),
    *("metadata", "registry", "self", "router", "service"),
    *("session", "current_user", "limit", "offset", "q"),
}
# Builtins that the generated class bodies use after the fields (`str | None`,
# default_factory=dict): a field of that name would replace them there.
SHADOWING_BUILTINS = {"str", "int", "float", "bool", "list", "dict"}
# Public attributes of pydantic's BaseModel and of SQLModel: a field of that name hides a method
# that pydantic, SQLModel or the generated code call. `model_*` and `sqlmodel_*` are refused as
# prefixes (pydantic's and SQLModel's namespaces).
MODEL_ATTRIBUTES = {
    *("construct", "copy", "dict", "from_orm", "json", "metadata", "schema", "schema_json"),
    *("parse_file", "parse_obj", "parse_raw", "update_forward_refs", "validate"),
}
MODEL_PREFIXES = ("model_", "sqlmodel_")
# A field of these types becomes a parameter of the generated list functions (a filter), so it
# may not take the name of their other parameters and locals, or of what they call.
FILTER_TYPES = ("bool", "enum", "date", "ref")
LIST_FUNCTION_NAMES = {
    *("after", "count", "conditions", "total", "rows", "items", "next_after"),
    *("col", "func", "or_", "select", "len"),
}
# Module names the project template already uses, and class names the generated code imports.
RESERVED_RESOURCES = {"base", "health", "users", "user", "auth", "config", "db", "main", "core"}
RESERVED_CLASSES = {
    *("Field", "SQLModel", "Relationship", "Session", "Decimal", "UUID", "Enum", "StrEnum"),
    *("JsonValue", "User", "Query", "HTTPException", "APIRouter", "Text", "Index"),
    *("UniqueConstraint", "CheckConstraint", "TimestampMixin", "UTCDateTime", "Json"),
    *("Any", "Annotated", "Sequence", "Response", "Path", "BeforeValidator", "TestClient"),
    *("IntegrityError", "CurrentUser", "SessionDep", "RequestChecks", "Headers"),
    *("ConflictError", "InvalidReferenceError", "NotFoundError"),
}

_ENUM_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\- ]*$")
_TYPE_NAME = re.compile(r"[A-Za-z_]\w*")
_MODIFIER_NAME = re.compile(r"[^:()?=]*")
_DIGITS = re.compile(r"[0-9]+")
_INT = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
DEFAULT_DECIMAL = (10, 2)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _microseconds(moment: dt.datetime) -> decimal.Decimal:
    return decimal.Decimal((moment - _EPOCH) // dt.timedelta(microseconds=1))


# The values a column of each ordered type holds, as `_ordinal` numbers them.
_LIMITS = {
    "int": (decimal.Decimal(INT_MIN), decimal.Decimal(INT_MAX)),
    "date": (decimal.Decimal(dt.date.min.toordinal()), decimal.Decimal(dt.date.max.toordinal())),
    "datetime": (
        _microseconds(dt.datetime.min.replace(tzinfo=dt.UTC)),
        _microseconds(dt.datetime.max.replace(tzinfo=dt.UTC)),
    ),
}
# decimal(p,s) up to 38 digits, the largest most SQL databases take (PostgreSQL takes 1000).
# Note that SQLite has no decimal: SQLAlchemy stores a float there, exact to 15 digits.
MAX_PRECISION = 38
# The longest str(N): PostgreSQL's VARCHAR goes to 10485760, but the generated app refuses a
# request body over 4 MiB (app/core/errors.py), and a value of N characters must fit in one
# even at 4 bytes a character (UTF-8's most).
MAX_STR_LENGTH = 1_000_000
# What the generated schemas let through: `str` without a length is VARCHAR(255); `text` values
# are capped in requests (the project's app/core/inputs.py names the same limits).
DEFAULT_STR_LENGTH = 255
TEXT_MAX_LENGTH = 100_000
FIELD_SYNTAX = "name:type[(args)][:modifier...][?][=default]"


@dataclass(frozen=True)
class FieldSpec:
    """One field of a resource, as parsed from the DSL."""

    name: str  # what the user typed: `author` for author:ref(Author)
    type: str
    optional: bool = False
    unique: bool = False
    index: bool = False
    default: str | None = None  # the raw default text, validated against the type
    max_length: int | None = None
    precision: int | None = None
    scale: int | None = None
    choices: tuple[str, ...] = ()
    ref: str | None = None  # class name of the referenced resource
    on_delete: str | None = None  # ref only: "cascade", "set-null" or "restrict" (the default)
    minimum: str | None = None  # :min(V), the raw literal of the type (inclusive)
    maximum: str | None = None  # :max(V)
    min_length: int | None = None  # str and text only
    pattern: str | None = None  # str and text only; searched, see check_pattern

    @property
    def column(self) -> str:
        """The attribute / column name: `author_id` for a ref, else the name."""
        return f"{self.name}_id" if self.type == "ref" else self.name

    @property
    def required(self) -> bool:
        """Whether a create request must carry this field."""
        return not self.optional and self.default is None

    @property
    def longest(self) -> int | None:
        """The most characters a str or text value holds (None for the other types)."""
        if self.type == "text":
            return TEXT_MAX_LENGTH
        if self.type == "str":
            return self.max_length or DEFAULT_STR_LENGTH
        return None

    @property
    def dsl(self) -> str:
        """The canonical DSL text: parse(f.dsl) == f."""
        args = ""
        if self.type == "str" and self.max_length is not None:
            args = f"({self.max_length})"
        elif self.type == "decimal":
            args = f"({self.precision},{self.scale})"
        elif self.type == "enum":
            args = "(" + "|".join(self.choices) + ")"
        elif self.type == "ref":
            args = f"({self.ref})"
        mods = "".join(f":{m}" for m in ("unique", "index") if getattr(self, m))
        mods += f":{self.on_delete}" if self.on_delete else ""
        for name, value in (
            ("min", self.minimum),
            ("max", self.maximum),
            ("min_length", self.min_length),
            ("pattern", self.pattern),
        ):
            mods += f":{name}({value})" if value is not None else ""
        tail = "?" if self.optional else ""
        default = f"={self.default}" if self.default is not None else ""
        return f"{self.name}:{self.type}{args}{mods}{tail}{default}"


@dataclass(frozen=True)
class ResourceSpec:
    """A resource: its names and its fields, validated as a whole."""

    names: ResourceNames
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)

    @property
    def field_dsl(self) -> list[str]:
        return [f.dsl for f in self.fields]

    @property
    def refs(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.type == "ref")


def parse_resource_name(name: str, plural: str | None = None) -> ResourceNames:
    """Validate a resource name (`Product`, `order_item`) and derive its names."""
    if not is_identifier(name):
        raise SpecError(
            f"{name!r} is not a valid resource name",
            "use a Python identifier that is not a keyword, e.g. Product or OrderItem",
            code="bad_name",
        )
    names = ResourceNames.derive(name, plural)
    check_identifier(
        names.table,
        "table",
        f"resource {abridged(name)!r}",
        pascal_case(shorten(names.module, MAX_IDENTIFIER_BYTES)),
    )
    if names.module in RESERVED_RESOURCES or names.class_name in RESERVED_CLASSES:
        raise SpecError(
            f"{name!r} is reserved: the project or the generated code already uses that name",
            f"choose a more specific name, e.g. {names.class_name}Item or Shop{names.class_name}",
            code="bad_name",
        )
    if names.module.startswith("_") or not names.module.replace("_", ""):
        raise SpecError(f"{name!r} is not a valid resource name", "start it with a letter")
    last = names.module.rsplit("_", 1)[-1]
    singular = names.module[:-1]
    if (
        plural is None
        and last.endswith("s")
        and not last.endswith(("ss", "us", "is", "as", "os"))
        and pluralize(singular) == names.module
        and pluralize(names.module) != names.module  # uncountable: news, series
    ):
        suggestion = ResourceNames.derive(singular)
        raise SpecError(
            f"{name!r} looks plural; resources are named in the singular",
            f"use {suggestion.class_name} (its routes become /api/{suggestion.route}), or pass "
            f"--plural to keep {name!r} as the singular",
            code="bad_name",
        )
    if plural is not None:
        if not is_identifier(snake_case(plural)):
            raise SpecError(f"--plural {plural!r} is not an identifier", "e.g. --plural people")
        if names.plural == names.module:
            raise SpecError(
                f"--plural {plural!r} equals the singular name",
                "routes need distinct names: pick another plural, e.g. --plural "
                f"{names.module}_items",
            )
    return names


@dataclass(frozen=True)
class _Parts:
    """A field's text cut into its pieces, before any of them is validated."""

    name: str
    type: str
    args: str | None
    modifiers: tuple[tuple[str, str | None], ...]
    optional: bool
    default: str | None


def parse_field(text: str) -> FieldSpec:
    """Parse one `name:type[(args)][:modifier...][?][=default]` field."""
    parts = _scan(text)
    shown = abridged(text, 120)  # how messages quote the field
    _check_field_name(parts.name, shown)
    if parts.type not in TYPES:
        raise SpecError(
            f"unknown type {abridged(parts.type)!r} in {shown!r}", _type_hint(parts.type)
        )
    flags: list[str] = []
    values: dict[str, str] = {}
    for mod, arg in parts.modifiers:
        if mod in FLAG_MODIFIERS:
            if arg is not None:
                raise SpecError(f":{mod} takes no value in {shown!r}", f"write :{mod}")
            flags.append(mod)
        elif mod in VALUE_MODIFIERS:
            if arg is None:
                raise SpecError(f":{mod} needs a value in {shown!r}", _value_hint(mod, parts.type))
            if mod in values:
                raise SpecError(f"{shown!r} has :{mod} twice", f"keep one :{mod}(...)")
            values[mod] = arg
        else:
            raise SpecError(f"unknown modifier {abridged(mod)!r} in {shown!r}", _modifier_hint(mod))
    deletes = [m for m in flags if m in ON_DELETE]
    if len(deletes) > 1:
        raise SpecError(
            f"{shown!r} has {len(deletes)} on-delete modifiers",
            "keep one of :cascade, :set-null, :restrict",
        )
    spec = FieldSpec(
        name=parts.name,
        type=parts.type,
        optional=parts.optional,
        unique="unique" in flags,
        index="index" in flags,
        default=parts.default,
        on_delete=deletes[0] if deletes else None,
        minimum=values["min"].strip() if "min" in values else None,
        maximum=values["max"].strip() if "max" in values else None,
        min_length=_parse_min_length(values["min_length"], shown)
        if "min_length" in values
        else None,
        pattern=values.get("pattern"),
        **_parse_args(parts.type, parts.args, shown),
    )
    _check_name_for_type(spec, shown)
    _check_modifiers(spec, shown)
    _check_constraints(spec, shown)
    if spec.default is not None:
        check_default(spec, shown)
    return spec


def parse_fields(texts: list[str]) -> tuple[FieldSpec, ...]:
    """Parse a field list; names must be unique, also as columns (`author` vs `author_id`)."""
    fields = tuple(parse_field(text) for text in texts)
    seen: dict[str, str] = {}
    for spec in fields:
        for taken in {spec.name, spec.column}:
            if taken in seen:
                raise SpecError(
                    f"duplicate field {taken!r} ({seen[taken]!r} and {spec.dsl!r})",
                    "give every field its own name",
                    code="duplicate_field",
                )
            seen[taken] = spec.dsl
    return fields


def parse_resource(name: str, fields: list[str], plural: str | None = None) -> ResourceSpec:
    names = parse_resource_name(name, plural)
    parsed = parse_fields(fields)
    for spec in parsed:
        if spec.type in FILTER_TYPES and spec.column == f"list_{names.plural}":
            raise SpecError(
                f"{spec.dsl!r}: a filter field named like the list function {spec.column}",
                f"choose a more specific name, e.g. {spec.name}_value",
                code="reserved_field",
            )
        if spec.ref == names.class_name:
            raise SpecError(
                f"{spec.dsl!r}: a resource cannot reference itself with crud",
                "self-references (trees) need a hand-written relationship; reference another "
                "resource instead",
            )
    return ResourceSpec(names=names, fields=parsed)


# --- scanning -----------------------------------------------------------------------------------


def _scan(text: str) -> _Parts:
    """Cut `text` into name, type, args, modifiers, `?` and default; nothing is validated yet.

    A small scanner rather than a regex: arguments may hold `:`, `?`, `=` and nested
    parentheses (a datetime bound, a pattern), and a default is everything after the `=`.
    """
    bad = SpecError(
        f"cannot parse field {abridged(text, 120)!r}",
        f"write {FIELD_SYNTAX}, e.g. price:decimal(10,2)",
    )
    colon = text.find(":")
    if colon <= 0:
        raise bad
    name, pos = text[:colon], colon + 1
    if "=" in name:  # `name=1:int`: the default belongs at the end
        raise bad
    match = _TYPE_NAME.match(text, pos)
    if match is None:
        raise bad
    type_name, pos = match.group(), match.end()
    args, pos = _arguments(text, pos, regex=False)
    modifiers: list[tuple[str, str | None]] = []
    while text.startswith(":", pos):
        found = _MODIFIER_NAME.match(text, pos + 1)
        assert found is not None  # the pattern also matches the empty string
        mod = found.group().strip()
        arg, pos = _arguments(text, found.end(), regex=mod == "pattern")
        modifiers.append((mod, arg))
    optional = text.startswith("?", pos)
    pos += optional
    default = None
    if text.startswith("=", pos):
        default, pos = text[pos + 1 :], len(text)
    if pos != len(text):
        raise SpecError(
            f"cannot parse field {abridged(text, 120)!r} from {abridged(text[pos:])!r} on",
            f"write {FIELD_SYNTAX}: the modifiers before ?, the =default last",
        )
    return _Parts(name, type_name, args, tuple(modifiers), optional, default)


def _arguments(text: str, pos: int, *, regex: bool) -> tuple[str | None, int]:
    """The text inside the parentheses that open at `pos` (None if none open), and the end."""
    if not text.startswith("(", pos):
        return None, pos
    depth, index = 0, pos
    while index < len(text):
        char = text[index]
        if regex and char == "\\":
            index += 2
            continue
        if regex and char == "[":
            index = _class_end(text, index) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[pos + 1 : index], index + 1
        index += 1
    hint = (
        "close every ( with ); inside :pattern(...) write a literal parenthesis as \\( or \\)"
        if regex
        else "close every ( with )"
    )
    raise SpecError(f"unbalanced parentheses in {abridged(text, 120)!r}", hint)


def _class_end(text: str, start: int) -> int:
    """The index of the `]` that closes the `[` at `start` (len(text) if none does)."""
    index = start + 1
    if text.startswith("^", index):
        index += 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == "]":
            return index
        index += 1
    return len(text)


# --- names --------------------------------------------------------------------------------------


def _check_field_name(name: str, text: str) -> None:
    if not is_identifier(name):
        raise SpecError(
            f"field name {name!r} in {text!r} is not a valid Python identifier or is a keyword",
            f"rename it, e.g. {snake_case(name).strip('_') or 'value'}_value"
            if name.isidentifier()
            else "use letters, digits and underscores, starting with a letter",
        )
    if name in RESERVED_FIELDS:
        raise SpecError(
            f"field {name!r} is reserved: every table already has id, user_id, created_at "
            "and updated_at",
            "remove it from the field list",
            code="reserved_field",
        )
    if name in SHADOWING_FIELDS or name.startswith("_"):
        raise SpecError(
            f"field name {name!r} would shadow a name the generated code uses",
            f"choose a more specific name, e.g. {name.strip('_')}_value",
            code="reserved_field",
        )
    if name in SHADOWING_BUILTINS:
        raise SpecError(
            f"field name {name!r} would shadow the builtin {name} in the generated classes, "
            "whose later fields use it",
            f"choose a more specific name, e.g. {name}_value",
            code="reserved_field",
        )
    if name in MODEL_ATTRIBUTES or name.startswith(MODEL_PREFIXES):
        raise SpecError(
            f"field name {name!r} would shadow an attribute of pydantic's BaseModel or SQLModel",
            f"choose a more specific name, e.g. {name.removeprefix('model_')}_value",
            code="reserved_field",
        )
    if name != snake_case(name):
        raise SpecError(f"field name {name!r} is not snake_case", f"write it as {snake_case(name)}")


def _check_name_for_type(spec: FieldSpec, text: str) -> None:
    """Names that only break for some types: a ref's column, a list filter's parameter."""
    suffix = len(spec.column) - len(spec.name)  # a ref's `_id`
    check_identifier(
        spec.column,
        "column",
        f"field {abridged(spec.name)!r}",
        shorten(spec.name, MAX_IDENTIFIER_BYTES - suffix),
    )
    if spec.type == "ref" and spec.column in RESERVED_FIELDS:
        raise SpecError(
            f"ref field {spec.name!r} in {text!r} would make the column {spec.column}, which "
            "every table already has",
            f"name the field after its role, e.g. {spec.name}_account:ref({spec.ref}) or "
            f"owner:ref({spec.ref})",
            code="reserved_field",
        )
    if spec.type in FILTER_TYPES and spec.column in LIST_FUNCTION_NAMES:
        raise SpecError(
            f"a {spec.type} field named {spec.name!r} becomes a filter parameter of the list "
            f"endpoint, which already uses the name {spec.column!r}",
            f"choose a more specific name, e.g. {spec.name}_value",
            code="reserved_field",
        )


def _type_hint(type_name: str) -> str:
    guess = difflib.get_close_matches(type_name.lower(), TYPES, n=1, cutoff=0.5)
    aliases = {"string": "str", "integer": "int", "boolean": "bool", "number": "float"}
    suggestion = aliases.get(type_name.lower()) or (guess[0] if guess else None)
    prefix = f"did you mean {suggestion!r}? " if suggestion else ""
    return prefix + "types: " + ", ".join(TYPES)


def _modifier_hint(mod: str) -> str:
    guess = difflib.get_close_matches(mod, MODIFIERS, n=1)
    if guess:
        value = "(...)" if guess[0] in VALUE_MODIFIERS else ""
        return f"did you mean :{guess[0]}{value}?"
    return (
        "modifiers are :unique, :index, :min(V), :max(V), :min_length(N), :pattern(REGEX), and "
        "for ref fields :cascade, :set-null, :restrict"
    )


# --- type arguments -----------------------------------------------------------------------------


class _TypeArgs(TypedDict, total=False):
    max_length: int
    precision: int
    scale: int
    choices: tuple[str, ...]
    ref: str


def _parse_args(type_name: str, raw: str | None, text: str) -> _TypeArgs:
    if type_name == "str":
        if raw is None or raw.strip() == "":
            return {}
        length = _natural(raw)
        if length is None or not 1 <= length <= MAX_STR_LENGTH:
            raise SpecError(
                f"bad max length in {text!r}",
                f"write str(N) with 1 <= N <= {MAX_STR_LENGTH}, e.g. str(120)",
            )
        return {"max_length": length}
    if type_name == "decimal":
        if raw is None:
            return {"precision": DEFAULT_DECIMAL[0], "scale": DEFAULT_DECIMAL[1]}
        numbers = [_natural(p) for p in raw.split(",")]
        if len(numbers) != 2 or None in numbers:
            raise SpecError(f"bad decimal arguments in {text!r}", "write decimal(precision,scale)")
        precision, scale = numbers[0] or 0, numbers[1] or 0
        if not 1 <= precision <= MAX_PRECISION or scale > precision:
            raise SpecError(
                f"bad decimal arguments in {text!r}: scale {scale} must not exceed precision "
                f"{precision}, and precision must be 1..{MAX_PRECISION}",
                "e.g. decimal(10,2): 10 digits in all, 2 after the point",
            )
        return {"precision": precision, "scale": scale}
    if type_name == "enum":
        choices = tuple(c.strip() for c in (raw or "").split("|") if c.strip())
        if len(choices) < 1:
            raise SpecError(f"enum without values in {text!r}", "write enum(a|b|c)")
        bad = [c for c in choices if not _ENUM_VALUE.match(c)]
        if bad:
            raise SpecError(
                f"bad enum value {bad[0]!r} in {text!r}",
                "use letters, digits, '_', '-', '.', or spaces, starting with a letter or digit",
            )
        if len(set(choices)) != len(choices) or len({enum_member(c) for c in choices}) != len(
            choices
        ):
            raise SpecError(f"duplicate enum value in {text!r}", "list each value once")
        return {"choices": choices}
    if type_name == "ref":
        target = (raw or "").strip()
        if not is_identifier(target):
            raise SpecError(f"bad reference in {text!r}", "write ref(Model), e.g. ref(Author)")
        names = ResourceNames.derive(target)
        check_identifier(
            names.table,
            "referenced table",
            f"ref({abridged(target)})",
            pascal_case(shorten(names.module, MAX_IDENTIFIER_BYTES)),
        )
        return {"ref": names.class_name}
    if raw is not None:
        raise SpecError(f"type {type_name!r} takes no arguments in {text!r}", f"write {type_name}")
    return {}


def enum_member(choice: str) -> str:
    """The Python enum member name for a value: `in-progress` -> `IN_PROGRESS`."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", choice).strip("_").upper()
    return name if name and not name[0].isdigit() else f"V_{name}"


def _natural(raw: str) -> int | None:
    """The number of a type or modifier argument written in digits, else None.

    More digits than any limit has are refused before `int()`, which raises on very long
    inputs (Python's int-from-text limit) and would only build a number to refuse anyway.
    """
    digits = raw.strip()
    if not _DIGITS.fullmatch(digits) or len(digits) > 12:
        return None
    return int(digits)


def _parse_min_length(raw: str, text: str) -> int:
    length = _natural(raw)
    if length is None or length < 1:
        raise SpecError(
            f"bad :min_length({abridged(raw)}) in {text!r}",
            "write :min_length(N) with N >= 1, e.g. :min_length(3)",
        )
    return length


# --- modifiers and constraints ------------------------------------------------------------------


def _check_modifiers(spec: FieldSpec, text: str) -> None:
    if spec.on_delete and spec.type != "ref":
        raise SpecError(
            f":{spec.on_delete} applies to ref fields only, in {text!r}", f"drop :{spec.on_delete}"
        )
    if spec.on_delete == "set-null" and not spec.optional:
        raise SpecError(
            f"{text!r}: :set-null needs an optional field (the column becomes NULL)",
            "add ? to make it optional, or use :cascade or :restrict",
        )
    if spec.unique and spec.type in {"bool", "json", "text"}:
        raise SpecError(
            f":unique on a {spec.type} field in {text!r}", "drop :unique, or use another type"
        )
    if spec.index and spec.type == "json":
        raise SpecError(f":index on a json field in {text!r}", "drop :index")
    if spec.type == "ref" and spec.index:
        raise SpecError(
            f"{text!r}: ref fields are always indexed", "drop :index from the ref field"
        )


def _check_constraints(spec: FieldSpec, text: str) -> None:
    """:min, :max, :min_length and :pattern: each on its types, each value of its type."""
    for mod, value in (("min", spec.minimum), ("max", spec.maximum)):
        if value is None:
            continue
        if spec.type not in BOUNDED_TYPES:
            hint = (
                "for a length write :min_length(N) or str(N)"
                if spec.type in TEXT_TYPES
                else f"drop :{mod}"
            )
            raise SpecError(
                f":{mod} applies to {', '.join(BOUNDED_TYPES)} fields, not {spec.type}, in "
                f"{text!r}",
                hint,
            )
        try:
            _ordinal(spec, value)
        except ValueError as exc:
            raise SpecError(
                f":{mod}({value}) does not fit {spec.type} in {text!r}{_reason(exc)}",
                _value_hint(mod, spec.type),
            ) from None
    if spec.minimum is not None or spec.maximum is not None:
        _check_range(spec, text)
    for mod, present in (("min_length", spec.min_length), ("pattern", spec.pattern)):
        if present is not None and spec.type not in TEXT_TYPES:
            hint = (
                "for numbers and dates write :min(V) / :max(V)"
                if spec.type in BOUNDED_TYPES
                else f"drop :{mod}"
            )
            raise SpecError(
                f":{mod} applies to str and text fields, not {spec.type}, in {text!r}", hint
            )
    longest = spec.longest
    if spec.min_length is not None and longest is not None and spec.min_length > longest:
        if spec.type == "text":
            hint = f"lower :min_length: a text value holds at most {longest} characters"
        elif spec.max_length is not None:
            hint = f"lower :min_length, or raise str({spec.max_length})"
        else:
            hint = f"lower :min_length, or give the length: str(N) with N >= {spec.min_length}"
        raise SpecError(
            f":min_length({spec.min_length}) exceeds the max length {longest} in {text!r}", hint
        )
    if spec.pattern is not None:
        check_pattern(spec.pattern, spec.name)


def _check_range(spec: FieldSpec, text: str) -> None:
    """:min at most :max, and room for two values between them (and the type's own limits):
    the generated tests send two different valid values."""
    floor, ceiling = _LIMITS.get(spec.type, (None, None))
    low = _ordinal(spec, spec.minimum) if spec.minimum is not None else floor
    high = _ordinal(spec, spec.maximum) if spec.maximum is not None else ceiling
    if low is None or high is None:
        return
    if low > high:
        raise SpecError(
            f":min({spec.minimum}) is greater than :max({spec.maximum}) in {text!r}",
            "swap the two values",
        )
    if low == high:
        raise SpecError(
            f"{text!r} allows a single value", "widen :min/:max, or drop the field for a constant"
        )


def _reason(exc: ValueError) -> str:
    return f" ({exc})" if str(exc) else ""


def _ordinal(spec: FieldSpec, text: str) -> decimal.Decimal:
    """Validate a literal of `spec`'s type (int, float, decimal, date, datetime) and return a
    number that orders as the values do: the number itself, a date's ordinal, a datetime's
    microseconds since the epoch.

    Raises:
        ValueError: `text` is not a literal of the type, or does not fit the column.
    """
    kind = spec.type
    if kind == "int":
        if not _INT.fullmatch(text):
            raise ValueError("")
        if len(text) > 12 or not INT_MIN <= int(text) <= INT_MAX:
            raise ValueError(f"an int column holds {INT_MIN}..{INT_MAX}")
        return decimal.Decimal(int(text))
    if kind == "float":
        if not _NUMBER.fullmatch(text) or math.isinf(float(text)):
            raise ValueError("")
        return decimal.Decimal(repr(float(text)))  # float order, not the literal's digits
    if kind == "decimal":
        return _decimal_value(spec, text)
    if kind == "date":
        if not _DATE.fullmatch(text):
            raise ValueError("")
        return decimal.Decimal(dt.date.fromisoformat(text).toordinal())
    if kind == "datetime":
        if not _DATETIME.fullmatch(text):
            raise ValueError("")
        moment = dt.datetime.fromisoformat(text)
        try:
            moment.astimezone(dt.UTC)  # what the column stores, and the API compares in
        except OverflowError:
            raise ValueError("it is outside the years 1..9999 once in UTC") from None
        return _microseconds(moment)
    raise ValueError(f"{kind} has no ordered values")


def _decimal_value(spec: FieldSpec, text: str) -> decimal.Decimal:
    if not _NUMBER.fullmatch(text):
        raise ValueError("")
    number = decimal.Decimal(text)
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # the syntax above admits finite numbers only
    places = max(0, -exponent)
    # adjusted(): the exponent of the first digit, without building a huge int for 1e999999.
    whole = number.adjusted() + 1 if number and number.adjusted() >= 0 else 0
    if (
        spec.scale is not None
        and spec.precision is not None
        and (places > spec.scale or whole > spec.precision - spec.scale)
    ):
        raise ValueError(f"decimal({spec.precision},{spec.scale}) cannot hold it")
    return number


def _value_hint(mod: str, type_name: str) -> str:
    if mod == "min_length":
        return "write :min_length(N) with N >= 1, e.g. :min_length(3)"
    if mod == "pattern":
        return "write :pattern(REGEX), e.g. :pattern(^[A-Z]{3}$)"
    examples = {
        "int": f"an integer in {INT_MIN}..{INT_MAX}, e.g. :{mod}(0)",
        "float": f"a number, e.g. :{mod}(0.5)",
        "decimal": f"a number within the precision and scale, e.g. :{mod}(0.00)",
        "date": f"an ISO date, e.g. :{mod}(2024-01-31)",
        "datetime": f"an ISO datetime with its offset, e.g. :{mod}(2024-01-31T00:00:00Z)",
    }
    return "write " + examples.get(type_name, f":{mod}(V)")


def check_default(spec: FieldSpec, text: str) -> None:
    """Refuse a default that does not fit the field's type and constraints."""
    value = spec.default or ""
    bad = SpecError(f"default {value!r} does not fit {spec.type} in {text!r}", _default_hint(spec))
    if spec.type == "ref":
        raise SpecError(f"ref fields take no default in {text!r}", "make it optional with ?")
    if spec.type in {"int", "float", "decimal", "date"}:
        try:
            typed = _ordinal(spec, value)
        except ValueError as exc:
            raise SpecError(bad.message + _reason(exc), bad.hint) from None
        _check_default_bounds(spec, typed, text)
    elif spec.type == "bool":
        if value.lower() not in {"true", "false"}:
            raise bad
    elif spec.type == "enum":
        if value not in spec.choices:
            raise bad
    elif spec.type in {"datetime", "uuid", "json"}:
        allowed = {"datetime": {"now"}, "uuid": {"new"}, "json": {"{}", "[]"}}[spec.type]
        if value not in allowed:
            raise bad
    elif spec.type in TEXT_TYPES:
        _check_text_default(spec, string_default(value), text)


def _check_default_bounds(spec: FieldSpec, typed: decimal.Decimal, text: str) -> None:
    if spec.minimum is not None and typed < _ordinal(spec, spec.minimum):
        raise SpecError(
            f"default {spec.default!r} is below :min({spec.minimum}) in {text!r}",
            "raise the default or lower :min",
        )
    if spec.maximum is not None and typed > _ordinal(spec, spec.maximum):
        raise SpecError(
            f"default {spec.default!r} is above :max({spec.maximum}) in {text!r}",
            "lower the default or raise :max",
        )


def _check_text_default(spec: FieldSpec, value: str, text: str) -> None:
    longest = spec.longest
    if longest is not None and len(value) > longest:
        raise SpecError(
            f"default {abridged(value)!r} is longer than {longest} characters in "
            f"{abridged(text)!r}",
            "shorten it",
        )
    if spec.min_length is not None and len(value) < spec.min_length:
        raise SpecError(
            f"default {spec.default!r} is shorter than :min_length({spec.min_length}) in {text!r}",
            "lengthen it, or lower :min_length",
        )
    if spec.pattern is not None and not pattern_matches(spec.pattern, value):
        raise SpecError(
            f"field {spec.name!r}: default {spec.default!r} does not match "
            f":pattern({spec.pattern})",
            "change the default or the pattern (it is searched: anchor it as ^...$ to match the "
            "whole value)",
        )


def string_default(value: str) -> str:
    """A str default as typed, without surrounding quotes."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _default_hint(spec: FieldSpec) -> str:
    examples = {
        "int": "=0",
        "float": "=0.5",
        "bool": "=true or =false",
        "decimal": "=0.00 (within the precision and scale)",
        "enum": "one of " + ", ".join(f"={c}" for c in spec.choices),
        "date": "=2024-01-31",
        "datetime": "=now",
        "uuid": "=new",
        "json": "={} or =[]",
        "str": '=text or ="text with spaces"',
        "text": '=text or ="text with spaces"',
    }
    return f"write a default such as {examples.get(spec.type, '')}"


# --- patterns -----------------------------------------------------------------------------------

# Escapes outside and inside [...] that mean the same in Python, PostgreSQL and pydantic.
_CONTROL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
# \\< and \\> are word boundaries in pydantic's engine, literal characters in the other two.
_ESCAPABLE = set(string.punctuation) - {"<", ">"}
_SHORTHANDS = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
    "s": "[ \\t\\n\\r\\f\\v]",
    "S": "[^ \\t\\n\\r\\f\\v]",
}
_BOUND = re.compile(r"\{([0-9]+)(,([0-9]*))?\}")
MAX_REPEAT = 255  # PostgreSQL's RE_DUP_MAX


class _Unportable(Exception):
    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what)
        self.what, self.fix = what, fix


def check_pattern(pattern: str, field_name: str = "") -> None:
    """Refuse a :pattern that Python cannot compile or that is not in the portable subset.

    The pattern is *searched*, as PostgreSQL's `~` and pydantic's `pattern` do (re.search, not
    re.fullmatch): anchor it as `^...$` to constrain the whole value. It must mean the same in
    the three engines that apply it: Python's `re` (the defaults, SQLite's REGEXP), pydantic's
    Rust `regex` (request validation) and PostgreSQL's ARE (the CHECK constraint). The subset:

    - literal characters (not control characters), `^`, `$`, `|`, `(...)`, `(?:...)`;
    - `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}` (m <= n <= 255) after an atom, optionally lazy
      (`*?`); a quantifier never follows another (no possessive `a*+`, no `a{2}{3}`);
    - `[...]` and `[^...]` of literal characters, escapes and ASCII ranges `a-z`; a literal
      `-` first or last; no `[` inside (POSIX `[:alpha:]` and nested sets differ), no doubled
      `&&`, `--`, `~~`, `||` (set operations in Rust); a literal `]` written `\\]`;
    - escapes: `\\n`, `\\t`, `\\r`, `\\f`, `\\v`, and a backslash before ASCII punctuation
      other than `<` and `>` (`\\.`, `\\(`, `\\$`, `\\\\`...).

    Refused, each with its fix: `.` (PostgreSQL's matches a newline; write `[^\\n]`), `\\d`,
    `\\w`, `\\s` and their negations (Unicode in Python and Rust, the locale's in PostgreSQL;
    write `[0-9]`...), `\\b`/`\\B` (a word boundary in Python, a backspace in PostgreSQL),
    `\\A`, `\\Z`, `\\<`, `\\>`, back-references and other letter or digit escapes
    (`\\x41B` is one character in PostgreSQL, two in Python), every `(?...)` group but
    `(?:...)` (lookaround is missing in Rust, named groups in PostgreSQL, inline flags differ),
    and an unescaped `{` or `}` that is not a bound, or `]` outside a set.

    `$` is the one construct with a different meaning that is kept: Python's also matches before
    a final newline; `python_pattern` gives the Python equivalent of the other two.

    Raises:
        SpecError: naming the construct and how to write it instead.
    """
    where = f"field {field_name!r}: " if field_name else ""
    if not pattern:
        raise SpecError(f"{where}:pattern() is empty", "write a regular expression, e.g. ^[A-Z]+$")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except re.error as exc:
        raise SpecError(
            f"{where}:pattern({pattern}) is not a valid regular expression ({exc})",
            "fix the regular expression; escape a literal ( ) [ ] { } . * + ? | ^ $ with \\",
        ) from None
    try:
        _portable(pattern)
    except _Unportable as exc:
        raise SpecError(f"{where}:pattern({pattern}) uses {exc.what}", exc.fix) from None


def python_pattern(pattern: str) -> str:
    """The Python `re` pattern that matches what a checked pattern matches in PostgreSQL and
    pydantic: `$` becomes `\\Z` (Python's `$` also matches before a final newline)."""
    return _portable(pattern)


def pattern_matches(pattern: str, value: str) -> bool:
    """Whether `value ~ pattern` holds in PostgreSQL (and pydantic); `pattern` is checked."""
    return re.search(python_pattern(pattern), value) is not None


def _portable(pattern: str) -> str:
    """Walk `pattern` (which Python compiles); return its Python equivalent or raise _Unportable."""
    out: list[str] = []
    index, repeatable = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            _escape(pattern, index)
            out.append(pattern[index : index + 2])
            index, repeatable = index + 2, True
        elif char == "[":
            end = _portable_class(pattern, index)
            out.append(pattern[index : end + 1])
            index, repeatable = end + 1, True
        elif char == "(":
            if pattern.startswith("(?", index) and not pattern.startswith("(?:", index):
                raise _Unportable(
                    f"the group {pattern[index : index + 3]!r}...: of the (?...) groups only "
                    "(?:...) means the same in Python, pydantic and PostgreSQL",
                    "drop lookarounds, names and inline flags: write (...) or (?:...)",
                )
            step = 3 if pattern.startswith("(?:", index) else 1
            out.append(pattern[index : index + step])
            index, repeatable = index + step, False
        elif char in "*+?{":
            index = _quantifier(pattern, index, repeatable, out)
            repeatable = False
        elif char in "}]":
            raise _Unportable(f"an unescaped {char!r}", f"write a literal {char} as \\{char}")
        elif char == ".":
            raise _Unportable(
                "'.', which matches a newline in PostgreSQL but not in Python or pydantic",
                "write [^\\n] for any character but a newline, or \\. for a dot",
            )
        elif char == "$":
            out.append("\\Z")
            index, repeatable = index + 1, False
        else:
            if _is_control(char):
                raise _Unportable(f"the control character {char!r}", "write it as \\n, \\t...")
            out.append(char)
            index, repeatable = index + 1, char not in "|^"
    return "".join(out)


def _quantifier(pattern: str, index: int, repeatable: bool, out: list[str]) -> int:
    start = index
    if pattern[index] == "{":
        bound = _BOUND.match(pattern, index)
        if bound is None:
            raise _Unportable(
                "an unescaped '{' that is not a bound {m}, {m,} or {m,n}",
                "write a literal { as \\{, or a bound such as {2,5}",
            )
        high = bound[3] or bound[1]
        if max(int(bound[1]), int(high)) > MAX_REPEAT:
            raise _Unportable(
                f"the bound {bound.group()}: PostgreSQL repeats at most {MAX_REPEAT} times",
                f"keep bounds within {MAX_REPEAT}, or use * or +",
            )
        index = bound.end()
    else:
        index += 1
    if not repeatable:
        raise _Unportable(
            f"{pattern[start:index]!r} with nothing to repeat",
            "put the quantifier after a character, a [...] or a group",
        )
    if pattern.startswith("?", index):
        index += 1  # lazy: whether a match exists does not depend on it
    if index < len(pattern) and pattern[index] in "*+?{":
        raise _Unportable(
            f"a quantifier right after another ({pattern[start : index + 1]!r}): possessive and "
            "stacked quantifiers are not portable",
            "use one quantifier, or group the first: (?:a{2}){3}",
        )
    out.append(pattern[start:index])
    return index


def _escape(pattern: str, index: int) -> str:
    """The character a portable escape at `index` stands for; raise _Unportable otherwise."""
    if index + 1 >= len(pattern):
        raise _Unportable("a lone backslash at the end", "write a literal backslash as \\\\")
    char = pattern[index + 1]
    if char in _CONTROL_ESCAPES:
        return _CONTROL_ESCAPES[char]
    if char in _ESCAPABLE:
        return char
    if char in _SHORTHANDS:
        what = (
            f"\\{char}, Unicode's characters in Python and pydantic but the locale's in PostgreSQL"
        )
        raise _Unportable(what, f"spell the set out: {_SHORTHANDS[char]} for \\{char}")
    if char in "bB":
        what = f"\\{char}, a word boundary in Python but a backspace or backslash in PostgreSQL"
        raise _Unportable(what, "drop it, or spell out the characters around the boundary")
    if char in "AZ":
        raise _Unportable(f"\\{char}", "anchor with ^ and $ instead")
    if char in "<>":
        what = f"\\{char}, a word boundary in pydantic's regex engine"
        raise _Unportable(what, f"write {char} without the backslash")
    if char in string.digits:
        what = f"\\{char}: back-references and octal escapes are not portable"
        raise _Unportable(what, "repeat the text instead, or write the character itself")
    raise _Unportable(
        f"\\{char}, which means different things in Python, pydantic and PostgreSQL, or is "
        "missing in one",
        "write the character itself, and escape only punctuation (\\. \\( \\$...)",
    )


def _portable_class(pattern: str, start: int) -> int:
    """Check the set `[...]` opening at `start`; return the index of its closing `]`."""
    index = start + 1
    if pattern.startswith("^", index):
        index += 1
    first = index
    previous: str | None = None  # the last single character, which may start a range
    while True:
        if index >= len(pattern):  # re.compile has already refused an unterminated set
            raise _Unportable("an unterminated [", "close it with ]")
        char = pattern[index]
        if char == "]":
            if index == first:
                raise _Unportable(
                    "an empty [] or a leading ] in a set", "write a literal ] as \\] inside [...]"
                )
            return index
        if char == "[":
            raise _Unportable(
                "'[' inside [...]: POSIX classes such as [:alpha:] and nested sets differ",
                "write a literal [ as \\[",
            )
        if char in "&~|-" and pattern.startswith(char * 2, index):
            raise _Unportable(
                f"{char * 2!r} inside [...], a set operation in pydantic's regex engine",
                f"write one of them escaped: {char}\\{char}",
            )
        if char == "-":
            at_edge = index == first or pattern.startswith("]", index + 1)
            if at_edge:
                previous, index = None, index + 1
                continue
            if previous is None:
                raise _Unportable(
                    "a '-' inside [...] that is neither a range nor first or last",
                    "write a literal - first or last in the set, or as \\-",
                )
            high, index = _class_char(pattern, index + 1)
            if not (previous.isascii() and high.isascii()) or previous > high:
                raise _Unportable(
                    f"the range {previous}-{high}: ranges are ASCII and run from low to high",
                    "list non-ASCII characters one by one, and write ranges as a-z",
                )
            previous = None  # a range cannot start another: [a-c-e]
            continue
        previous, index = _class_char(pattern, index)


def _class_char(pattern: str, index: int) -> tuple[str, int]:
    """The single character at `index` inside a set (an escape or a literal) and what follows."""
    if index >= len(pattern) or pattern[index] in "[]":
        raise _Unportable("a range without its end", "write ranges as a-z, or escape the -: \\-")
    if pattern[index] == "\\":
        return _escape(pattern, index), index + 2
    if _is_control(pattern[index]):
        raise _Unportable(f"the control character {pattern[index]!r}", "write it as \\n, \\t...")
    return pattern[index], index + 1


def _is_control(char: str) -> bool:
    return ord(char) < 32 or ord(char) == 127
