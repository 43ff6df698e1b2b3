"""The field DSL: what parses, what it means, and the one-line errors for what does not."""

from __future__ import annotations

import pytest

from scaffold.errors import SpecError
from scaffold.spec import FieldSpec, parse_field, parse_fields, parse_resource


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
