"""The field DSL: what parses, what it means, and the one-line errors for what does not."""

from __future__ import annotations

import ast
import datetime as dt
import random
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import pytest

from scaffold import api
from scaffold.errors import SpecError
from scaffold.model.naming import MAX_IDENTIFIER_BYTES, is_identifier, pascal_case, snake_case
from scaffold.model.spec import (
    INT_MAX,
    INT_MIN,
    LIST_FUNCTION_NAMES,
    MODEL_ATTRIBUTES,
    MODEL_PREFIXES,
    RESERVED_CLASSES,
    RESERVED_FIELDS,
    SHADOWING_BUILTINS,
    SHADOWING_FIELDS,
    TYPES,
    VALUE_MODIFIERS,
    FieldSpec,
    check_pattern,
    parse_field,
    parse_fields,
    parse_resource,
    pattern_matches,
    python_pattern,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name:str", FieldSpec("name", "str")),
        ("name:str(120)", FieldSpec("name", "str", max_length=120)),
        ("notes:text?", FieldSpec("notes", "text", optional=True)),
        ("stock:int=0", FieldSpec("stock", "int", default="0")),
        ("sku:str:unique", FieldSpec("sku", "str", unique=True)),
        (
            "sku:str(20):unique:index",
            FieldSpec("sku", "str", unique=True, index=True, max_length=20),
        ),
        ("price:decimal(10,2)", FieldSpec("price", "decimal", precision=10, scale=2)),
        ("price:decimal", FieldSpec("price", "decimal", precision=10, scale=2)),
        ("ratio:float?=0.5", FieldSpec("ratio", "float", optional=True, default="0.5")),
        ("active:bool=true", FieldSpec("active", "bool", default="true")),
        ("born:date?", FieldSpec("born", "date", optional=True)),
        ("seen_at:datetime=now", FieldSpec("seen_at", "datetime", default="now")),
        ("token:uuid=new", FieldSpec("token", "uuid", default="new")),
        ("extra:json={}", FieldSpec("extra", "json", default="{}")),
        (
            "state:enum(draft|in-review|done)=draft",
            FieldSpec("state", "enum", choices=("draft", "in-review", "done"), default="draft"),
        ),
        ("author:ref(Author)", FieldSpec("author", "ref", ref="Author")),
        ("owner:ref(order_item)?", FieldSpec("owner", "ref", ref="OrderItem", optional=True)),
        ('title:str="Hello world"', FieldSpec("title", "str", default='"Hello world"')),
    ],
)
def test_fields_parse(text: str, expected: FieldSpec) -> None:
    assert parse_field(text) == expected


@pytest.mark.parametrize(
    "text",
    ["name:str(120)", "notes:text?", "sku:str:unique:index", "state:enum(a|b)=a", "a:ref(Author)?"],
)
def test_dsl_round_trips(text: str) -> None:
    parsed = parse_field(text)
    assert parse_field(parsed.dsl) == parsed


def test_ref_field_is_a_column_with_id_suffix() -> None:
    field = parse_field("author:ref(Author)")
    assert (field.column, field.required) == ("author_id", True)


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("id:int", "'id' is reserved", "remove it"),
        ("user_id:str", "'user_id' is reserved", "remove it"),
        ("created_at:datetime", "reserved", "remove it"),
        ("updated_at:datetime", "reserved", "remove it"),
        ("class:str", "not a valid Python identifier or is a keyword", "rename it"),
        ("2x:str", "not a valid Python identifier", "letters, digits"),
        ("name:strng", "unknown type 'strng'", "did you mean 'str'?"),
        ("name:string", "unknown type 'string'", "did you mean 'str'?"),
        ("p:decimal(2,5)", "scale 5 must not exceed precision 2", "decimal(10,2)"),
        ("p:decimal(x)", "bad decimal arguments", "decimal(precision,scale)"),
        ("n:str(0)", "bad max length", "str(N)"),
        ("n:int(3)", "takes no arguments", "write int"),
        ("s:enum()", "enum without values", "enum(a|b|c)"),
        ("s:enum(a|a)", "duplicate enum value", "once"),
        ("s:enum(a|b)=c", "default 'c' does not fit enum", "=a, =b"),
        ("n:int=abc", "default 'abc' does not fit int", "=0"),
        ("n:str(3)=toolong", "longer than 3", "shorten"),
        ("p:decimal(4,2)=123.4", "does not fit decimal", "precision"),
        ("a:ref(Author)=1", "ref fields take no default", "optional"),
        ("a:ref()", "bad reference", "ref(Model)"),
        ("x:str:uniq", "unknown modifier 'uniq'", ":unique"),
        ("flag:bool:unique", ":unique on a bool", "drop :unique"),
        ("date:date", "would shadow", "more specific name"),
        ("metadata:json", "would shadow", "more specific name"),
        ("model_name:str", "would shadow", "more specific name"),
        ("camelCase:str", "not snake_case", "camel_case"),
        ("nocolon", "cannot parse field", "name:type"),
        ("when:datetime=tomorrow", "does not fit datetime", "=now"),
    ],
)
def test_bad_fields_name_the_problem_and_the_fix(text: str, message: str, hint: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_field(text)
    assert message in caught.value.message
    assert hint in caught.value.hint


def test_duplicate_fields_are_refused_also_as_columns() -> None:
    with pytest.raises(SpecError, match="duplicate field 'name'"):
        parse_fields(["name:str", "name:int"])
    with pytest.raises(SpecError, match="duplicate field 'author_id'"):
        parse_fields(["author:ref(Author)", "author_id:int"])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("class", "not a valid resource name"),
        ("from", "not a valid resource name"),
        ("match", "not a valid resource name"),  # a soft keyword
        ("2fast", "not a valid resource name"),
        ("../x", "not a valid resource name"),
        ("my-thing", "not a valid resource name"),
        ("Health", "reserved"),
        ("Base", "reserved"),
        ("Session", "reserved"),
        ("Field", "reserved"),
        ("Products", "looks plural"),
        ("order_items", "looks plural"),
    ],
)
def test_bad_resource_names(name: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        parse_resource(name, ["title:str"])


def test_self_reference_is_refused() -> None:
    with pytest.raises(SpecError, match="cannot reference itself"):
        parse_resource("Category", ["parent:ref(Category)?"])


def test_resource_names_are_derived_once() -> None:
    spec = parse_resource("OrderItem", ["qty:int"])
    names = spec.names
    assert (names.class_name, names.module, names.table) == (
        "OrderItem",
        "order_item",
        "order_item",
    )
    assert (names.plural, names.route) == ("order_items", "order-items")
    assert parse_resource("person", ["n:str"]).names.route == "people"
    assert parse_resource("Category", ["n:str"]).names.plural == "categories"
    assert parse_resource("Box", ["n:str"], plural="boxen").names.route == "boxen"


@pytest.mark.parametrize("name", ["Status", "Address", "Canvas", "Analysis", "Bus", "News"])
def test_singular_names_ending_in_s_are_accepted(name: str) -> None:
    assert parse_resource(name, ["n:str"]).names.class_name == name


def test_a_plural_looking_name_is_accepted_with_an_explicit_plural() -> None:
    names = parse_resource("Series", ["n:str"], plural="series_list").names
    assert names.route == "series-list"


# --- :min, :max, :min_length, :pattern --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stock:int:min(0)=0", FieldSpec("stock", "int", default="0", minimum="0")),
        ("n:int:min(-5):max(5)", FieldSpec("n", "int", minimum="-5", maximum="5")),
        ("r:float:max(1e3)?", FieldSpec("r", "float", optional=True, maximum="1e3")),
        (
            "p:decimal(6,2):min(0):max(9999.99)",
            FieldSpec("p", "decimal", precision=6, scale=2, minimum="0", maximum="9999.99"),
        ),
        ("due:date:min( 2024-01-01 )", FieldSpec("due", "date", minimum="2024-01-01")),
        (
            "at:datetime:min(2024-01-01T00:00:00Z):max(2030-06-01T12:30:00+02:00)",
            FieldSpec(
                "at",
                "datetime",
                minimum="2024-01-01T00:00:00Z",
                maximum="2030-06-01T12:30:00+02:00",
            ),
        ),
        ("code:str(8):min_length(2)", FieldSpec("code", "str", max_length=8, min_length=2)),
        ("body:text:min_length(10)?", FieldSpec("body", "text", optional=True, min_length=10)),
        (
            "sku:str:unique:pattern(^[A-Z]{3}-[0-9]{4}$)=ABC-0001",
            FieldSpec("sku", "str", unique=True, pattern="^[A-Z]{3}-[0-9]{4}$", default="ABC-0001"),
        ),
        # the scanner keeps : ? = | and balanced or escaped parentheses inside the pattern
        (
            "t:str:pattern(^(?:a|b=c:d?)[)(]\\)$)?",
            FieldSpec("t", "str", optional=True, pattern="^(?:a|b=c:d?)[)(]\\)$"),
        ),
        ("t:str:pattern( x )", FieldSpec("t", "str", pattern=" x ")),  # spaces are the regex's
        # modifiers in any order; :min before :unique is the same spec
        (
            "n:int:max(9):unique:min(1)",
            FieldSpec("n", "int", unique=True, minimum="1", maximum="9"),
        ),
    ],
)
def test_constraints_parse(text: str, expected: FieldSpec) -> None:
    assert parse_field(text) == expected
    assert parse_field(expected.dsl) == expected


def test_constraints_are_written_back_in_one_canonical_order() -> None:
    spec = parse_field("n:int:max(9):index:min(1):unique?=3")
    assert spec.dsl == "n:int:unique:index:min(1):max(9)?=3"


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        (
            "n:str:min(1)",
            ":min applies to int, float, decimal, date, datetime fields, not str",
            ":min_length(N)",
        ),
        ("b:bool:max(1)", "not bool", "drop :max"),
        ("n:int:min(x)", ":min(x) does not fit int", "e.g. :min(0)"),
        ("n:int:min(1.5)", "does not fit int", "an integer"),
        ("n:int:max(2147483648)", "int column holds -2147483648..2147483647", ":max(0)"),
        ("n:int:min(-2147483649)", "does not fit int", "integer"),
        ("f:float:max(inf)", "does not fit float", ":max(0.5)"),
        ("f:float:max(nan)", "does not fit float", "a number"),
        ("f:float:min(1e999)", "does not fit float", "a number"),
        ("p:decimal(4,2):max(100)", "does not fit decimal", "precision and scale"),
        ("p:decimal(4,2):min(0.001)", "decimal(4,2) cannot hold it", ":min(0.00)"),
        ("d:date:min(2024-02-30)", "does not fit date", ":min(2024-01-31)"),
        ("d:date:min(20240101)", "does not fit date", "ISO date"),
        ("t:datetime:max(2024-01-01T00:00:00)", "does not fit datetime", "with its offset"),
        ("t:datetime:max(2024-01-01)", "does not fit datetime", "2024-01-31T00:00:00Z"),
        ("n:int:min(5):max(1)", ":min(5) is greater than :max(1)", "swap"),
        ("d:date:min(2024-02-01):max(2024-01-31)", "greater than", "swap"),
        (
            "t:datetime:min(2024-01-01T01:00:00+00:00):max(2024-01-01T01:30:00+01:00)",
            "greater",
            "swap",
        ),
        ("n:int:min(5)=4", "default '4' is below :min(5)", "raise the default"),
        ("n:int:max(5)=6", "default '6' is above :max(5)", "lower the default"),
        ("p:decimal(6,2):min(1.50)=1.49", "below :min(1.50)", "lower :min"),
        ("d:date:max(2024-12-31)=2025-01-01", "above :max(2024-12-31)", "raise :max"),
        ("f:float:min(0.5)=0.25", "below", "raise the default"),
        ("n:int=2147483648", "does not fit int", "=0"),
        ("f:float=inf", "does not fit float", "=0.5"),
        ("n:int:min(1):min(2)", "has :min twice", "keep one :min"),
        ("n:int:min", ":min needs a value", ":min(0)"),
        ("n:int:min()", "does not fit int", ":min(0)"),
        ("n:int:minimum(3)", "unknown modifier 'minimum'", "did you mean :min(...)?"),
        ("s:str:unique(1)", ":unique takes no value", "write :unique"),
        ("n:int:min_length(3)", ":min_length applies to str and text fields, not int", ":min(V)"),
        ("s:str:min_length(0)", "bad :min_length(0)", "N >= 1"),
        ("s:str:min_length(x)", "bad :min_length(x)", ":min_length(3)"),
        ("s:str(3):min_length(4)", ":min_length(4) exceeds the max length 3", "raise str(3)"),
        ("s:str:min_length(3)=ab", "default 'ab' is shorter than :min_length(3)", "lengthen"),
        ('s:str:min_length(3)="ab"', "shorter than :min_length(3)", "lengthen"),
        (
            "e:enum(a|b):pattern(a)",
            ":pattern applies to str and text fields, not enum",
            "drop :pattern",
        ),
        ("s:str:pattern()", ":pattern() is empty", "^[A-Z]+$"),
        (
            "s:str:pattern(a{2,1})",
            "is not a valid regular expression",
            "fix the regular expression",
        ),
        ("s:str:pattern(^[a-z]+$)=ABC", "default 'ABC' does not match :pattern(^[a-z]+$)", "^...$"),
        ("s:str:pattern(^a(b$)", "unbalanced parentheses", "\\("),
        ("s:str:pattern(a?:unique", "unbalanced parentheses", "close every ("),
        ("s:str?:unique", "from ':unique' on", "the modifiers before ?"),
        ("n:int=1:unique", "does not fit int", "=0"),  # a default is the rest of the text
        ("n:str(99999999)", "bad max length", "1 <= N <= 1000000"),
    ],
)
def test_bad_constraints_name_the_problem_and_the_fix(text: str, message: str, hint: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_field(text)
    assert message in caught.value.message
    assert hint in caught.value.hint


def test_a_default_at_a_bound_is_inside() -> None:
    assert parse_field("n:int:min(0):max(10)=10").default == "10"
    assert parse_field("d:decimal(4,2):min(0.5)=0.50").default == "0.50"
    assert parse_field("t:datetime:max(2024-01-01T00:00:00Z)=now").default == "now"


# --- names that cannot work ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("user:ref(Author)", "would make the column user_id", "after its role"),
        ("user:ref(Author):cascade", "user_id", "owner:ref(Author)"),
        ("sa:str", "would shadow a name the generated code uses", "sa_value"),
        ("utcnow:bool", "would shadow", "utcnow_value"),
        ("uuid4:str", "would shadow", "more specific"),
        ("enum_values:str", "would shadow", "more specific"),
        ("str:str", "would shadow the builtin str", "str_value"),
        ("int:int", "builtin int", "int_value"),
        ("float:float", "builtin float", "more specific"),
        ("bool:bool", "builtin bool", "more specific"),
        ("list:json", "builtin list", "more specific"),
        ("dict:json", "builtin dict", "more specific"),
        ("schema:str", "attribute of pydantic's BaseModel or SQLModel", "schema_value"),
        ("copy:str", "BaseModel", "copy_value"),
        ("validate:bool", "BaseModel", "more specific"),
        ("construct:str", "BaseModel", "more specific"),
        ("parse_obj:str", "BaseModel", "more specific"),
        ("from_orm:str", "BaseModel", "more specific"),
        ("schema_json:str", "BaseModel", "more specific"),
        ("update_forward_refs:str", "BaseModel", "more specific"),
        ("model_dump:str", "BaseModel", "dump_value"),
        ("sqlmodel_update:str", "SQLModel", "more specific"),
        ("count:bool", "a bool field named 'count' becomes a filter parameter", "count_value"),
        ("total:enum(a|b)", "filter parameter", "total_value"),
        ("rows:date", "filter parameter", "rows_value"),
        ("select:bool", "filter parameter", "select_value"),
        ("col:bool", "filter parameter", "col_value"),
    ],
)
def test_names_that_break_the_generated_code_are_refused(
    text: str, message: str, hint: str
) -> None:
    with pytest.raises(SpecError) as caught:
        parse_field(text)
    assert message in caught.value.message
    assert hint in caught.value.hint
    assert caught.value.code == "reserved_field"


# Each of these generates a project whose ruff, mypy and tests pass (as a bool field and as a str
# field); SQL keywords are quoted by SQLAlchemy, and builtins that generated code does not use
# where the field's name lands are harmless.
ACCEPTED_NAMES = [
    *("order", "group", "select", "table", "check", "default", "index", "references", "desc"),
    *("type", "format", "filter", "min", "max", "sum", "range", "hash", "input", "open"),
    *("status", "fields", "model", "key", "value", "tuple", "set", "bytes", "object", "any"),
]


@pytest.mark.parametrize("name", ACCEPTED_NAMES)
def test_sql_keywords_and_harmless_builtins_are_accepted(name: str) -> None:
    assert parse_field(f"{name}:str(30)").name == name
    if name not in {"select"}:
        assert parse_field(f"{name}:bool").name == name


@pytest.mark.parametrize("name", ["count", "total", "items", "rows", "select", "col", "after"])
def test_list_function_names_are_fine_for_types_that_are_not_filters(name: str) -> None:
    assert parse_field(f"{name}:int").column == name
    assert parse_field(f"{name}:str").column == name


def test_a_filter_named_like_the_list_function_is_refused() -> None:
    with pytest.raises(SpecError, match="named like the list function list_gadgets"):
        parse_resource("Gadget", ["list_gadgets:bool"])
    assert parse_resource("Gadget", ["list_gadgets:str"]).fields


@pytest.mark.parametrize(
    "name", ["Response", "Sequence", "Any", "Path", "Json", "TestClient", "IntegrityError"]
)
def test_resource_names_that_shadow_generated_imports_are_refused(name: str) -> None:
    with pytest.raises(SpecError, match="reserved"):
        parse_resource(name, ["title:str"])


# --- parse_field(f.dsl) == f, over many generated specs ---------------------------------------

# Valid patterns with values they match (the first is the default, when the spec gets one);
# parentheses, :, ?, = and | inside them test the scanner.
_PATTERNS = [
    ("^[A-Z]{2,3}$", "AB"),
    ("^[a-z0-9_-]+$", "a-b_1"),
    ("^\\(?[0-9]{3}\\)?[ -]?[0-9]{4}$", "(555) 1234"),
    ("^(?:ab|cd)*$", "abcd"),
    ("^[^\\n@]+@[^\\n@]+\\.[a-z]{2,}$", "a@b.io"),
    ("x=1|y:2", "y:2"),
    ("^a?b??[?]$", "ab?"),
    ("[)(]|\\)", ")"),
    ("^[\\]\\[]+$", "]["),
    ("(a|(b|(c)))", "c"),
    ("^\\$[0-9]+\\.[0-9]{2}$", "$3.50"),
    ("^[ -~]*$", "ok then"),
]
_NAMES = ["title", "status", "order", "group", "kind", "format", "min", "max", "value", "x_1"]
_CHOICES = ["draft", "in-review", "done", "v1.2", "To do", "a", "B_2"]


def _bounds(
    rng: random.Random, literal: Callable[[int], str], low: int, high: int
) -> dict[str, str]:
    """Random :min/:max (either, both or none) and a default between them."""
    values = sorted(rng.randint(low, high) for _ in range(3))
    chosen: dict[str, str] = {}
    if rng.random() < 0.6:
        chosen["minimum"] = literal(values[0])
    if rng.random() < 0.6:
        chosen["maximum"] = literal(values[2])
    if rng.random() < 0.5:
        chosen["default"] = literal(values[1])
    if values[0] == values[2]:
        chosen.pop("maximum", None)  # a range of one value is refused
    return chosen


def _random_spec(rng: random.Random) -> FieldSpec:
    kind = rng.choice(
        ["str", "text", "int", "float", "bool", "decimal", "date", "datetime"] * 2
        + ["uuid", "json", "enum", "ref"]
    )
    args: dict[str, Any] = {"optional": rng.random() < 0.4}
    if kind not in {"bool", "json", "text"}:
        args["unique"] = rng.random() < 0.3
    if kind not in {"json", "ref"}:
        args["index"] = rng.random() < 0.3
    if kind in {"str", "text"}:
        pattern, sample = rng.choice(_PATTERNS) if rng.random() < 0.6 else (None, "some text")
        args["pattern"] = pattern
        if rng.random() < 0.5:
            args["default"] = sample if rng.random() < 0.5 else f'"{sample}"'
        if rng.random() < 0.5:
            args["min_length"] = rng.randint(1, len(sample))
        if kind == "str" and rng.random() < 0.6:
            args["max_length"] = rng.randint(max(len(sample), args.get("min_length") or 1), 500)
    elif kind == "int":
        args |= _bounds(rng, str, INT_MIN, INT_MAX)
    elif kind == "float":
        forms = [lambda n: f"{n}.5", lambda n: f"{n}e-2", lambda n: str(n), lambda n: f"{n}."]
        args |= _bounds(rng, rng.choice(forms), -(10**6), 10**6)
    elif kind == "decimal":
        precision = rng.randint(1, 38)
        scale = rng.randint(0, precision)
        whole = precision - scale
        fraction = "." + "7" * scale if scale else ""
        args |= {"precision": precision, "scale": scale}
        args |= _bounds(
            rng, lambda n: f"{n % 10 ** min(whole, 9) if whole else 0}{fraction}", 0, 10**9
        )
        if (
            "minimum" in args
            and "maximum" in args
            and Decimal(args["minimum"]) > Decimal(args["maximum"])
        ):
            args["minimum"], args["maximum"] = args["maximum"], args["minimum"]
        if "minimum" in args and Decimal(args["minimum"]) == Decimal(args.get("maximum", "NaN")):
            del args["maximum"]  # a range of one value is refused
        if "default" in args and not (
            Decimal(args.get("minimum", "-1e99"))
            <= Decimal(args["default"])
            <= Decimal(args.get("maximum", "1e99"))
        ):
            del args["default"]
    elif kind == "date":
        args |= _bounds(
            rng, lambda n: (dt.date(2000, 1, 1) + dt.timedelta(days=n)).isoformat(), 0, 20000
        )
    elif kind == "datetime":
        offset = rng.choice(["Z", "+00:00", "+05:30", "-08:00"])
        start = dt.datetime(2020, 1, 1)
        # one offset for both bounds, so that their order is the order of the local times
        args |= _bounds(
            rng, lambda n: (start + dt.timedelta(seconds=n)).isoformat() + offset, 0, 10**8
        )
        args["default"] = "now" if rng.random() < 0.3 else None
    elif kind == "bool":
        args["default"] = rng.choice([None, "true", "false", "True"])
    elif kind == "uuid":
        args["default"] = rng.choice([None, "new"])
    elif kind == "json":
        args["default"] = rng.choice([None, "{}", "[]"])
    elif kind == "enum":
        args["choices"] = tuple(rng.sample(_CHOICES, rng.randint(1, 4)))
        args["default"] = rng.choice([None, *args["choices"]])
    elif kind == "ref":
        args["ref"] = rng.choice(["Author", "OrderItem"])
        args["on_delete"] = rng.choice([None, "cascade", "restrict", "set-null"])
        if args["on_delete"] == "set-null":
            args["optional"] = True
    return FieldSpec(rng.choice(_NAMES), kind, **args)


def test_every_spec_round_trips_through_its_dsl() -> None:
    rng = random.Random(8)
    for _ in range(3000):
        spec = _random_spec(rng)
        assert parse_field(spec.dsl) == spec, spec.dsl


_FUZZ_ALPHABET = "ab:()?=|[]\\{}^$.,-+*`'\" 019²int:str:min(max(pattern(min_length(enum(ref(A"


def test_any_text_parses_to_a_spec_that_round_trips_or_fails_with_a_spec_error() -> None:
    """Bad input is a SpecError, never another exception; what parses is canonical."""
    rng = random.Random(7)
    seeds = [_random_spec(rng).dsl for _ in range(300)]
    for attempt in range(6000):
        if attempt % 2:
            text = "".join(rng.choice(_FUZZ_ALPHABET) for _ in range(rng.randint(1, 30)))
        else:
            text = list(rng.choice(seeds))
            for _ in range(rng.randint(1, 3)):  # insert, delete or replace a character
                where = rng.randrange(len(text) + 1)
                text[where : where + rng.randint(0, 1)] = rng.choice(
                    ["", rng.choice(_FUZZ_ALPHABET)]
                )
            text = "".join(text)
        try:
            spec = parse_field(text)
        except SpecError as exc:
            assert exc.message and exc.hint, text
            continue
        assert parse_field(spec.dsl) == spec, text


_HOSTILE_NAMES = [
    *("a" * 63, "a" * 64, "a" * 300, "b" * 60, "b" * 61, "Widget", "widget", "x", "naïve", "名前"),
    *("", "_", "9a", "class", "id", "a b", "a\x00b", "a\nb", "\ufeffname", "ǅ"),
    "\uff46\uff55\uff4c\uff4c",  # fullwidth letters
]
_HOSTILE_NUMBERS = [
    *("0", "-1", "1", "255", "256", "38", "39", "1000000", "1000001", "2147483647", "2147483648"),
    *("-2147483649", "9" * 20, "9" * 5000, "1e308", "1e309", "-1e999", "1e-999", "NaN", "inf"),
    *("0x10", "1_000", " 5 ", "٣", "²", "1.5", ".", "-", "+1", "1,2", "1,2,3", "10,-1", ""),
    *("0001-01-01", "9999-12-31", "0000-01-01", "2024-02-30", "9999-12-31T23:59:59-01:00"),
    *("0001-01-01T00:00:00+01:00", "2024-01-01T00:00:00", "2024-01-01T24:00:00Z"),
]
_HOSTILE_TYPES = [*TYPES, "str(", "decimal(", "enum(", "ref(", "Str", "integer", "", "ş"]


def _hostile_field(rng: random.Random) -> str:
    kind = rng.choice(_HOSTILE_TYPES)
    number = rng.choice(_HOSTILE_NUMBERS)
    if kind in {"str", "decimal"} and rng.random() < 0.7:
        kind += f"({number})"
    elif kind == "enum":
        kind += "(" + "|".join(rng.sample(_HOSTILE_NAMES, rng.randint(1, 3))) + ")"
    elif kind == "ref":
        kind += f"({rng.choice(_HOSTILE_NAMES)})"
    mods = "".join(
        rng.choice([":unique", ":index", ":cascade", ":set-null", ":bogus"])
        if rng.random() < 0.3
        else f":{rng.choice(VALUE_MODIFIERS)}({rng.choice(_HOSTILE_NUMBERS)})"
        for _ in range(rng.randint(0, 3))
    )
    tail = "?" if rng.random() < 0.3 else ""
    default = f"={rng.choice(_HOSTILE_NUMBERS + _HOSTILE_NAMES)}" if rng.random() < 0.4 else ""
    return f"{rng.choice(_HOSTILE_NAMES)}:{kind}{mods}{tail}{default}"


def test_hostile_resources_are_refused_with_a_spec_error_or_fit_postgresql() -> None:
    """Huge numbers, long and non-ASCII names, junk types: a SpecError, or a resource whose
    table and columns PostgreSQL keeps whole; never another exception."""
    rng = random.Random(9)
    refused = 0
    for _ in range(800):
        name = rng.choice([*_HOSTILE_NAMES, "Gadget", "OrderItem", "Ab" * 40])
        fields = [_hostile_field(rng) for _ in range(rng.randint(1, 3))]
        try:
            resource = parse_resource(name, fields)
        except SpecError as exc:
            assert exc.message and exc.hint and "\n" not in exc.message + exc.hint, (name, fields)
            refused += 1
            continue
        identifiers = [resource.names.table, *(f.column for f in resource.fields)]
        assert max(len(i.encode()) for i in identifiers) <= MAX_IDENTIFIER_BYTES, (name, fields)
    assert 0 < refused < 800  # both branches ran


# --- the portable pattern subset ----------------------------------------------------------------

PORTABLE_PATTERNS = [
    *(pattern for pattern, _ in _PATTERNS),
    *("^$", "^a$", "a$|^b", "^a*?b+$", "^(a|)$", "()", "x|", "a{0}b", "^a{2,}$", "^a{1,255}$"),
    *("^[-a]$", "^[a-]$", "^[^-a]$", "^[\\-]$", "^[a\\-z]$", "^[\\t-\\r]$", "^[é]$", "^é+$"),
    *("\\/", "\\#", "\\&", "\\~", "\\%", "\\@", "\\!", "\\,", "\\:", "\\;", "\\=", "\\_", "\\`"),
    *("^[\\\\]$", "^[\\^]$", "^[a^]$", "^[$.*+?{}()|]$", "\\\\", "^\\t\\n\\r\\f\\v$", "^ $"),
]


@pytest.mark.parametrize("pattern", PORTABLE_PATTERNS)
def test_portable_patterns_are_accepted(pattern: str) -> None:
    check_pattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "message", "hint"),
    [
        ("a.b", "'.', which matches a newline in PostgreSQL", "[^\\n]"),
        ("\\d+", "\\d, Unicode's characters", "[0-9] for \\d"),
        ("[\\w-]", "\\w", "[A-Za-z0-9_] for \\w"),
        ("\\S", "\\S", "[^ \\t\\n\\r\\f\\v]"),
        ("a\\b", "a word boundary in Python but a backspace", "drop it"),
        ("\\Aabc\\Z", "\\A", "anchor with ^ and $"),
        ("\\<a", "a word boundary in pydantic's regex engine", "write < without the backslash"),
        ("(a)\\1", "back-references", "repeat the text"),
        ("\\x41B", "\\x, which means different things", "write the character itself"),
        ("\\u00e9", "\\u", "write the character itself"),
        ("a\\", "not a valid regular expression", "fix the regular expression"),
        ("(?=a)a", "the group '(?='", "(?:...)"),
        ("(?<=a)b", "(?<", "lookarounds"),
        ("(?P<x>a)", "(?P", "names"),
        ("(?i)abc", "(?i", "inline flags"),
        ("(?>a)", "(?>", "(?:...)"),
        ("(?#note)a", "(?#", "(?:...)"),
        ("a*+", "a quantifier right after another ('*+')", "one quantifier"),
        ("a{2}{3}", "not a valid regular expression", "fix the regular expression"),
        ("a++", "'++'", "(?:a{2}){3}"),
        ("a{,2}", "an unescaped '{' that is not a bound", "\\{"),
        ("a{x}", "not a bound", "{2,5}"),
        ("a}", "an unescaped '}'", "\\}"),
        ("a]", "an unescaped ']'", "\\]"),
        ("a{256}", "at most 255", "within 255"),
        ("a{1,300}", "at most 255", "within 255"),
        ("[]a]", "a leading ] in a set", "\\]"),
        ("[[:alpha:]]", "'[' inside [...]", "\\["),
        ("[a&&b]", "'&&' inside [...]", "&\\&"),
        ("[a~~b]", "'~~'", "~\\~"),
        ("[a||b]", "'||'", "|\\|"),
        ("[a-z-0]", "neither a range nor first or last", "\\-"),
        ("[a-c-e]", "neither a range", "first or last"),
        ("[à-ÿ]", "ranges are ASCII", "one by one"),
        ("[z-a]", "not a valid regular expression", "fix the regular expression"),
        ("^*a", "not a valid regular expression", "fix the regular expression"),
        ("(*a)", "not a valid regular expression", "fix the regular expression"),
        ("a|*b", "not a valid regular expression", "fix the regular expression"),
        ("a\tb", "the control character", "\\t"),
        ("[\x01]", "the control character", "\\n"),
    ],
)
def test_patterns_outside_the_portable_subset_are_refused(
    pattern: str, message: str, hint: str
) -> None:
    with pytest.raises(SpecError) as caught:
        check_pattern(pattern, "code")
    assert caught.value.message.startswith("field 'code': :pattern(")
    assert message in caught.value.message
    assert hint in caught.value.hint


def test_a_pattern_is_searched_and_dollar_means_the_very_end() -> None:
    assert pattern_matches("[0-9]", "abc1def")  # searched, like PostgreSQL's ~
    assert not pattern_matches("^[0-9]+$", "12a")
    assert not pattern_matches("^a$", "a\n")  # Python's own $ would match before the newline
    assert python_pattern("^a$|[$]") == "^a\\Z|[$]"


# Strings that tell the engines apart where they could differ: newlines, Unicode digits and
# letters, brackets, backslashes.
_SUBJECTS = [
    *("", "a", "b", "AB", "ABC", "ABCD", "ab", "abcd", "x", "y:2", "x=1", "ab?", ")", "(", "]["),
    *("a\n", "AB\n", "\n", "\t", " ", "é", "٣", "a-b_1", "A_1", "(555) 1234", "555-1234"),
    *("a@b.io", "a@b", "$3.50", "\\", "-", "^", "$", "|", "ok then", "aaab", "c", "{", "/"),
]


def _pydantic_matches(pattern: str, value: str) -> bool:
    from pydantic import Field, TypeAdapter, ValidationError

    adapter: TypeAdapter[str] = TypeAdapter(Annotated[str, Field(pattern=pattern)])
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("pattern", PORTABLE_PATTERNS)
def test_a_portable_pattern_matches_in_pydantic_as_in_python(pattern: str) -> None:
    expected = [pattern_matches(pattern, s) for s in _SUBJECTS]
    assert [_pydantic_matches(pattern, s) for s in _SUBJECTS] == expected


@pytest.mark.postgres
def test_portable_patterns_match_in_postgresql_as_in_python(postgres_admin_url: str) -> None:
    import psycopg

    conninfo = postgres_admin_url.replace("postgresql+psycopg://", "postgresql://")
    pairs = [(p, s) for p in PORTABLE_PATTERNS for s in _SUBJECTS]
    with psycopg.connect(conninfo, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT s ~ p FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(p, s, n) "
            "ORDER BY n",
            ([p for p, _ in pairs], [s for _, s in pairs]),
        ).fetchall()
        # Why the subset refuses these: each means something else in PostgreSQL.
        refused = [("^.$", "\n"), ("a\\b", "a"), ("\\x41B", "AB")]
        differ = connection.execute(
            "SELECT s ~ p FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(p, s, n) "
            "ORDER BY n",
            ([p for p, _ in refused], [s for _, s in refused]),
        ).fetchall()
    mismatches = [
        (p, s, got)
        for (p, s), (got,) in zip(pairs, rows, strict=True)
        if got != pattern_matches(p, s)
    ]
    assert mismatches == []
    assert [got for (got,) in differ] == [re.search(p, s) is None for p, s in refused]


def test_the_field_examples_of_the_readme_parse() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme[readme.index("### Fields") : readme.index("### Safe to run")]
    examples = re.findall(r"`'([^`']+)'`", section)
    assert len(examples) >= 6
    for text in examples:
        assert parse_field(text).dsl == text


# --- the refused names cover what the generated code binds --------------------------------------

_FIELDS = [
    *("title:str(40)", "body:text?", "flag:bool", "kind:enum(a|b)=a", "made:date?"),
    *("price:decimal(8,2)?", "seen:datetime=now", "token:uuid=new", "meta:json={}", "n:int=0"),
]


def _names_in(nodes: list[ast.stmt]) -> set[str]:
    """The names the statements use, without a comprehension's own variables (its scope)."""
    names = {n.id for stmt in nodes for n in ast.walk(stmt) if isinstance(n, ast.Name)}
    own = {
        target.id
        for stmt in nodes
        for node in ast.walk(stmt)
        if isinstance(node, ast.comprehension)
        for target in ast.walk(node.target)
        if isinstance(target, ast.Name)
    }
    return names - own


def _could_be_field(name: str) -> bool:
    """Whether the field DSL accepts `name` on its form (the prefixes it refuses aside)."""
    return (
        is_identifier(name)
        and name == snake_case(name)
        and not name.startswith(("_", *MODEL_PREFIXES))
    )


@pytest.fixture(scope="module")
def gadget(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a Maker and a Gadget that has a field of every type (the tests read it)."""
    project = tmp_path_factory.mktemp("gadget") / "shop"
    shutil.copytree(template_project, project)
    api.crud("Maker", ["name:str"], project=project)
    api.crud("Gadget", [*_FIELDS, "maker:ref(Maker)?"], project=project)
    return project


def test_refused_names_cover_what_the_generated_code_binds(gadget: Path) -> None:
    """A field's name lands in the model's and schemas' class bodies (every type) and, for the
    filter types, among the list functions' parameters: every other name used there must be
    refused as a field name, or that field would shadow it."""
    project = gadget
    fields = {text.split(":")[0] for text in _FIELDS} | {"maker", "maker_id"}
    refused = RESERVED_FIELDS | SHADOWING_FIELDS | SHADOWING_BUILTINS | MODEL_ATTRIBUTES
    for module in ("app/models/gadget.py", "app/schemas/gadget.py"):
        for node in ast.walk(ast.parse((project / module).read_text())):
            if isinstance(node, ast.ClassDef):
                # From the first field on, a field's name would shadow what the class body
                # uses; methods are a scope of their own.
                first = next(
                    (
                        i
                        for i, s in enumerate(node.body)
                        if isinstance(s, ast.AnnAssign) and getattr(s.target, "id", "") in fields
                    ),
                    len(node.body),
                )
                body = [s for s in node.body[first:] if not isinstance(s, ast.FunctionDef)]
                used = {n for n in _names_in(body) if _could_be_field(n)} - fields
                assert used <= refused, f"{module}: {node.name} uses {sorted(used - refused)}"
    filtered = refused | LIST_FUNCTION_NAMES | {"list_gadgets"}  # parse_resource refuses it
    router = ast.parse((project / "app/api/gadget.py").read_text())
    functions = [
        node
        for node in ast.walk(router)
        if isinstance(node, ast.FunctionDef)
        and "flag" in {a.arg for a in node.args.kwonlyargs + node.args.args}
    ]
    assert len(functions) == 2  # the list route and the list query
    for function in functions:
        params = {a.arg for a in function.args.args + function.args.kwonlyargs}
        used = {n for n in _names_in(function.body) | params if _could_be_field(n)} - fields
        assert used <= filtered, f"{function.name} uses {sorted(used - filtered)}"


def test_refused_resource_names_cover_what_the_generated_modules_import(gadget: Path) -> None:
    """A resource's class is imported next to what the generated modules import or define at
    their top level: every class-like name there must be refused as a resource name."""
    own = {"Gadget", "Maker", "GadgetKind"} | {
        f"{r}{suffix}"
        for r in ("Gadget", "Maker")
        for suffix in ("Base", "Create", "Update", "Read", "Page", "Id")
    }
    modules = [
        "app/api/gadget.py",
        "app/models/gadget.py",
        "app/schemas/gadget.py",
        "tests/test_gadget.py",
    ]
    for module in modules:
        tree = ast.parse((gadget / module).read_text())
        names: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom | ast.Import):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        class_like = {n for n in names if n == pascal_case(n)} - own
        assert class_like <= RESERVED_CLASSES, f"{module}: {sorted(class_like - RESERVED_CLASSES)}"
