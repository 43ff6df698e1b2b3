"""Names derived from two of the user's names stay short enough for their lines (100 columns),
and are the usual ones whenever they fit."""

from __future__ import annotations

from scaffold.model import codegen
from scaffold.model.naming import LINE_LENGTH, ResourceNames, enum_class_name, is_identifier
from scaffold.model.spec import parse_field

RESOURCE = "ParentLongLongLongLongLongLongLongLongLongLongLongL"  # of a 63-byte table
FIELD = "choice_long_long_long_long_long_long_long_long_long_long_long_l"  # 63 bytes


def test_an_enum_class_is_the_model_and_the_field_when_that_fits() -> None:
    assert enum_class_name("Post", "status") == "PostStatus"
    assert enum_class_name("Post", "review_state") == "PostReviewState"
    assert enum_class_name("OrderLine", "user_ID") == "OrderLineUserId"  # as it always was


def test_a_long_enum_class_fits_its_declaration_and_stays_unique() -> None:
    name = enum_class_name(RESOURCE, FIELD)
    assert is_identifier(name) and name.startswith("ChoiceLong")
    assert len(f"    {FIELD}: {name} = Field(") <= LINE_LENGTH
    other = enum_class_name(RESOURCE, FIELD[:-1] + "m")  # the same words up to the cut
    assert other != name and len(other) == len(name)
    assert enum_class_name(RESOURCE, FIELD) == name  # the same spec, the same name


def test_the_id_path_type_is_the_models_unless_the_parameter_line_would_not_fit() -> None:
    assert ResourceNames.derive("Product").id_type == "ProductId"
    long = ResourceNames.derive(RESOURCE)
    assert long.id_type == "RowId"
    assert len(f"    {long.module}_id: {long.class_name}Id,") > LINE_LENGTH
    assert len(f"    {long.module}_id: {long.id_type},") <= LINE_LENGTH


def test_a_sample_is_parenthesized_only_where_its_dict_line_could_not_be_split() -> None:
    names = ResourceNames.derive("Child")
    parent = ResourceNames.derive(RESOURCE)
    short = codegen.build(parse_field("author:ref(Author)"), names, ResourceNames.derive("Author"))
    assert (short.sample, short.updated_sample) == ("author_id", "author_id")
    ref = "parent_ref_long_long_long_long_long_long_long_long_long_long"
    long = codegen.build(parse_field(f"{ref}:ref({RESOURCE})"), names, parent)
    assert long.sample == f"({ref}_id)"
    padded = codegen.build(parse_field(f"{FIELD}:str:min_length(255)"), names, None)
    assert padded.sample.startswith("(f") and padded.sample.endswith(")")
    # A short value stays bare, even beside the longest key.
    assert codegen.build(parse_field(f"{FIELD}:int"), names, None).sample == "n + 1"
