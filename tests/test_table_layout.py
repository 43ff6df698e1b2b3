"""The table layout: which indexes and constraints each field and option gives a table, their
SQL on each database, and their names (deterministic, at most 63 bytes)."""

from __future__ import annotations

import pytest

from scaffold.errors import SpecError
from scaffold.model import codegen
from scaffold.model.naming import ResourceNames
from scaffold.model.spec import parse_field, parse_resource
from scaffold.model.table_layout import (
    MAX_NAME_BYTES,
    Check,
    Layout,
    field_layout,
    fit_name,
    table_layout,
)
from scaffold.model.table_options import RawOptions, parse_options

NAMES = ResourceNames.derive("Task")


def layout(dsl: str, *, soft_delete: bool = False, names: ResourceNames = NAMES) -> Layout:
    return field_layout(codegen.build(parse_field(dsl), names, None), soft_delete=soft_delete)


def checks(dsl: str) -> dict[str, tuple[str, str]]:
    return {c.name: (c.sqlite, c.postgresql) for c in layout(dsl).checks}


def test_every_table_has_the_list_order_index_and_no_single_column_ones() -> None:
    spec = parse_resource("Task", ["title:str(80)", "notes:text?", "done:bool=false"])
    views = [codegen.build(f, spec.names, None) for f in spec.fields]
    whole = table_layout("task", views, parse_options(RawOptions(), spec), soft_delete=False)
    assert [(i.name, i.columns) for i in whole.indexes] == [
        ("ix_task_user_id_id", ("user_id", "id")),
        ("ix_task_user_id_done_id", ("user_id", "done", "id")),
    ]
    assert whole.uniques == () and whole.checks == ()


@pytest.mark.parametrize(
    ("dsl", "columns"),
    [
        ("done:bool=false", ("user_id", "done", "id")),
        ("status:enum(a|b)=a", ("user_id", "status", "id")),
        ("due:date?", ("user_id", "due", "id")),
        ("rank:int:index?", ("user_id", "rank", "id")),
        ("project:ref(Project)", ("project_id", "id")),  # leads with the foreign key's column
        ("title:str(80)", None),  # searched with `q`, not filtered: no index
        ("code:str(9):unique", None),  # UNIQUE (user_id, code) serves its filter
        ("tier:enum(a|b):unique", None),
    ],
)
def test_filter_and_ref_columns_get_their_composite_index(
    dsl: str, columns: tuple[str, ...] | None
) -> None:
    indexes = layout(dsl).indexes
    assert [i.columns for i in indexes] == ([columns] if columns else [])


def test_soft_delete_makes_the_list_indexes_partial_but_not_a_refs() -> None:
    assert layout("done:bool?", soft_delete=True).indexes[0].where == "deleted_at IS NULL"
    assert layout("project:ref(Project)", soft_delete=True).indexes[0].where is None
    code = layout("done:bool?", soft_delete=True).model_args[0].code
    assert code == (
        'Index("ix_task_user_id_done_id", "user_id", "done", "id", '
        'sqlite_where=sa.text("deleted_at IS NULL"), '
        'postgresql_where=sa.text("deleted_at IS NULL"))'
    )


def test_an_enum_gets_a_check_of_its_values_on_both_databases() -> None:
    assert checks("status:enum(to-do|done)=done") == {
        "ck_task_status_enum": ("status IN ('to-do', 'done')",) * 2
    }


def test_numbers_and_dates_compare_with_literals_of_their_type() -> None:
    assert checks("n:int:min(-5):max(10)") == {
        "ck_task_n_min": ("n >= -5",) * 2,
        "ck_task_n_max": ("n <= 10",) * 2,
    }
    assert checks("w:float:min(0.5)")["ck_task_w_min"] == ("w >= 0.5",) * 2
    assert checks("p:decimal(8,2):max(1E+3)")["ck_task_p_max"] == ("p <= 1000",) * 2
    assert checks("d:date:min(2024-02-29)")["ck_task_d_min"] == ("d >= '2024-02-29'",) * 2


def test_a_datetime_bound_is_the_same_instant_on_both_databases() -> None:
    sqlite, postgresql = checks("at:datetime:min(2024-01-01T02:00:00+02:00)")["ck_task_at_min"]
    # SQLite holds UTC text in SQLAlchemy's form, which sorts as time does; PostgreSQL a
    # timestamptz, compared with an instant that carries its offset.
    assert sqlite == "at >= '2024-01-01 00:00:00.000000'"
    assert postgresql == "at >= '2024-01-01 00:00:00+00:00'"


def test_length_and_pattern_checks() -> None:
    found = checks("code:str(9):min_length(2):pattern(^[A-Z]{2}-[0-9]+$)?")
    assert found["ck_task_code_min_length"] == ("length(code) >= 2",) * 2
    # SQLite's REGEXP is Python's re.search, whose `$` also matches before a final newline.
    assert found["ck_task_code_pattern"] == (
        "code REGEXP '^[A-Z]{2}-[0-9]+\\Z'",
        "code ~ '^[A-Z]{2}-[0-9]+$'",
    )


def test_quotes_in_a_pattern_and_reserved_column_names_are_escaped() -> None:
    assert checks("note:text:pattern(it's)")["ck_task_note_pattern"][1] == "note ~ 'it''s'"
    assert checks("order:int:min(1)")["ck_task_order_min"][0] == '"order" >= 1'


def test_a_check_that_differs_per_database_is_declared_once_for_each() -> None:
    (check,) = layout("code:str(9):pattern(^x)").checks
    assert [arg.code for arg in check.model_args] == [
        'CheckConstraint("code REGEXP \'^x\'", name="code_pattern").ddl_if(dialect="sqlite")',
        'CheckConstraint("code ~ \'^x\'", name="code_pattern").ddl_if(dialect="postgresql")',
    ]
    assert check.condition_code == "\"code ~ '^x'\" if postgresql else \"code REGEXP '^x'\""


def test_long_names_end_in_a_hash_and_stay_within_63_bytes() -> None:
    long = ResourceNames.derive("ALongResourceNameForTheTests")
    field = "an_equally_long_field_name_for_filtering:bool?"
    (index,) = layout(field, names=long).indexes
    (check,) = layout("an_equally_long_field_name_for_enums:enum(a|b)?", names=long).checks
    for name in (index.name, check.name):
        assert len(name.encode()) == MAX_NAME_BYTES, name
    assert index.name.startswith("ix_a_long_resource_name_for_the_tests_user_id_an_equal_")
    # The naming convention adds ck_<table>_ to what the model names the check.
    assert check.name == f"ck_{long.table}_{check.suffix}"
    # Deterministic: the same field gives the same names; another field others.
    assert layout(field, names=long).indexes[0].name == index.name
    other = layout("an_equally_long_field_name_for_filtering2:bool?", names=long).indexes[0]
    assert other.name != index.name
    assert fit_name("ix_short") == "ix_short"


def test_two_objects_with_one_name_are_refused() -> None:
    spec = parse_resource("Task", ["n:int:min(0)", "n_min:bool?"])
    options = parse_options(RawOptions(checks=["n_min"]), spec)
    views = [codegen.build(f, spec.names, None) for f in spec.fields]
    with pytest.raises(SpecError, match="two constraints or indexes named ck_task_n_min"):
        table_layout("task", views, options, soft_delete=False)


def test_present_and_masked_follow_the_models_keys() -> None:
    objects = layout("code:str(9):unique:pattern(^x)")
    keys = {("unique", "code"), ("check", "code_pattern", "postgresql")}
    mask = objects.present(keys)
    assert mask == (True, True)
    assert objects.masked((False, True)).uniques == ()
    assert isinstance(objects.masked(mask).checks[0], Check)
