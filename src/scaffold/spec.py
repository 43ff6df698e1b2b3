"""The field DSL, parsed and validated once into frozen specs.

    name:type[(args)][:unique][:index][?][=default]

Types: str[(max_length)], text, int, float, bool, decimal[(precision,scale)], date, datetime,
uuid, json, enum(a|b|c), ref(Model). `?` makes the field optional (nullable). Examples:
`name:str(120)`, `price:decimal(10,2)`, `stock:int=0`, `sku:str:unique`, `notes:text?`,
`status:enum(draft|published)=draft`, `author:ref(Author)`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import re
from dataclasses import dataclass, field
from typing import TypedDict

from scaffold.errors import SpecError
from scaffold.naming import ResourceNames, is_identifier, pluralize, snake_case

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
MODIFIERS = ("unique", "index", "cascade", "set-null", "restrict")
# What a ref's foreign key does when the referenced row is deleted.
ON_DELETE = {"cascade": "CASCADE", "set-null": "SET NULL", "restrict": "RESTRICT"}

# Columns every table has; a field may not take their names.
RESERVED_FIELDS = {"id", "user_id", "created_at", "updated_at"}
# Names that would shadow what the generated modules import or SQLAlchemy reserves.
SHADOWING_FIELDS = {
    "date",
    "datetime",
    "decimal",
    "uuid",
    "json",
    "metadata",
    "registry",
    "self",
    "session",
    "current_user",
    "limit",
    "offset",
    "q",
    "service",
    "router",
}
# Module names the project template already uses, and class names the generated code imports.
RESERVED_RESOURCES = {"base", "health", "users", "user", "auth", "config", "db", "main", "core"}
RESERVED_CLASSES = {
    "Field",
    "SQLModel",
    "Relationship",
    "Session",
    "Decimal",
    "UUID",
    "Enum",
    "StrEnum",
    "JsonValue",
    "User",
    "Query",
    "HTTPException",
    "APIRouter",
    "Text",
    "Index",
    "UniqueConstraint",
    "TimestampMixin",
    "UTCDateTime",
}

_FIELD = re.compile(
    r"^(?P<name>[^:]+):(?P<type>[A-Za-z_]\w*)(?:\((?P<args>[^()]*)\))?(?P<mods>(?::[^:?=]*)*)$"
)
_ENUM_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\- ]*$")
DEFAULT_DECIMAL = (10, 2)
MAX_PRECISION = 38


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

    @property
    def column(self) -> str:
        """The attribute / column name: `author_id` for a ref, else the name."""
        return f"{self.name}_id" if self.type == "ref" else self.name

    @property
    def required(self) -> bool:
        """Whether a create request must carry this field."""
        return not self.optional and self.default is None

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


def parse_field(text: str) -> FieldSpec:
    """Parse one `name:type[(args)][:modifier...][?][=default]` field."""
    body, default = _split_default(text)
    optional = body.endswith("?")
    body = body.removesuffix("?")
    match = _FIELD.match(body)
    if match is None:
        raise SpecError(
            f"cannot parse field {text!r}",
            "write name:type[(args)][:unique][:index][?][=default], e.g. price:decimal(10,2)",
        )
    name, type_name = match["name"], match["type"]
    _check_field_name(name, text)
    if type_name not in TYPES:
        raise SpecError(f"unknown type {type_name!r} in {text!r}", _type_hint(type_name))
    mods = [m for m in match["mods"].split(":") if m]
    for mod in mods:
        if mod not in MODIFIERS:
            guess = difflib.get_close_matches(mod, MODIFIERS, n=1)
            hint = (
                f"did you mean :{guess[0]}?"
                if guess
                else "modifiers are :unique, :index, and for ref fields :cascade, :set-null, "
                ":restrict"
            )
            raise SpecError(f"unknown modifier {mod!r} in {text!r}", hint)
    deletes = [m for m in mods if m in ON_DELETE]
    if len(deletes) > 1:
        raise SpecError(
            f"{text!r} has {len(deletes)} on-delete modifiers",
            "keep one of :cascade, :set-null, :restrict",
        )
    spec = FieldSpec(
        name=name,
        type=type_name,
        optional=optional,
        unique="unique" in mods,
        index="index" in mods,
        default=default,
        on_delete=deletes[0] if deletes else None,
        **_parse_args(type_name, match["args"], text),
    )
    _check_modifiers(spec, text)
    if default is not None:
        check_default(spec, text)
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
        if spec.ref == names.class_name:
            raise SpecError(
                f"{spec.dsl!r}: a resource cannot reference itself with crud",
                "self-references (trees) need a hand-written relationship; reference another "
                "resource instead",
            )
    return ResourceSpec(names=names, fields=parsed)


def _split_default(text: str) -> tuple[str, str | None]:
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "=" and depth == 0:
            return text[:index], text[index + 1 :]
    return text, None


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
    if name in SHADOWING_FIELDS or name.startswith(("_", "model_")):
        raise SpecError(
            f"field name {name!r} would shadow a name the generated code uses",
            f"choose a more specific name, e.g. {name.strip('_')}_value",
            code="reserved_field",
        )
    if name != snake_case(name):
        raise SpecError(f"field name {name!r} is not snake_case", f"write it as {snake_case(name)}")


def _type_hint(type_name: str) -> str:
    guess = difflib.get_close_matches(type_name.lower(), TYPES, n=1, cutoff=0.5)
    aliases = {"string": "str", "integer": "int", "boolean": "bool", "number": "float"}
    suggestion = aliases.get(type_name.lower()) or (guess[0] if guess else None)
    prefix = f"did you mean {suggestion!r}? " if suggestion else ""
    return prefix + "types: " + ", ".join(TYPES)


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
        if not raw.strip().isdigit() or int(raw) < 1:
            raise SpecError(
                f"bad max length in {text!r}", "write str(N) with N >= 1, e.g. str(120)"
            )
        return {"max_length": int(raw)}
    if type_name == "decimal":
        if raw is None:
            return {"precision": DEFAULT_DECIMAL[0], "scale": DEFAULT_DECIMAL[1]}
        parts = [p.strip() for p in raw.split(",")]
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise SpecError(f"bad decimal arguments in {text!r}", "write decimal(precision,scale)")
        precision, scale = int(parts[0]), int(parts[1])
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
        return {"ref": ResourceNames.derive(target).class_name}
    if raw is not None:
        raise SpecError(f"type {type_name!r} takes no arguments in {text!r}", f"write {type_name}")
    return {}


def enum_member(choice: str) -> str:
    """The Python enum member name for a value: `in-progress` -> `IN_PROGRESS`."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", choice).strip("_").upper()
    return name if name and not name[0].isdigit() else f"V_{name}"


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


def check_default(spec: FieldSpec, text: str) -> None:
    """Refuse a default that does not fit the field's type and constraints."""
    value = spec.default or ""
    bad = SpecError(f"default {value!r} does not fit {spec.type} in {text!r}", _default_hint(spec))
    if spec.type == "ref":
        raise SpecError(f"ref fields take no default in {text!r}", "make it optional with ?")
    if spec.type == "int":
        if not re.fullmatch(r"-?\d+", value):
            raise bad
    elif spec.type == "float":
        try:
            float(value)
        except ValueError:
            raise bad from None
    elif spec.type == "bool":
        if value.lower() not in {"true", "false"}:
            raise bad
    elif spec.type == "decimal":
        _check_decimal_default(spec, value, bad)
    elif spec.type == "enum":
        if value not in spec.choices:
            raise bad
    elif spec.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise bad from None
    elif spec.type in {"datetime", "uuid", "json"}:
        allowed = {"datetime": {"now"}, "uuid": {"new"}, "json": {"{}", "[]"}}[spec.type]
        if value not in allowed:
            raise bad
    elif spec.type == "str" and spec.max_length and len(string_default(value)) > spec.max_length:
        raise SpecError(
            f"default {value!r} is longer than {spec.max_length} in {text!r}", "shorten it"
        )


def _check_decimal_default(spec: FieldSpec, value: str, bad: SpecError) -> None:
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        raise bad from None
    if not number.is_finite():
        raise bad
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite decimals have an int exponent
    places = max(0, -exponent)
    whole = len(str(abs(int(number)))) if int(number) else 0
    if (
        spec.scale is not None
        and spec.precision is not None
        and (places > spec.scale or whole > spec.precision - spec.scale)
    ):
        raise bad


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
