"""The field transforms of a model and a schemas file: only the field's code changes; the
user's methods, comments and other statements stay; applying a transform twice is applying it
once."""

from __future__ import annotations

import pytest

from scaffold.edits import fields as edit
from scaffold.edits.text import BOM
from scaffold.errors import ProjectError
from scaffold.model import codegen
from scaffold.model.codegen import FieldView
from scaffold.model.naming import ResourceNames
from scaffold.model.spec import parse_field
from scaffold.model.table_layout import Layout, field_layout, table_layout
from scaffold.model.table_options import TableOptions

NAMES = ResourceNames.derive("Product")

MODEL = '''"""Product: the table model, and the fields its schemas share."""

from decimal import Decimal

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import TimestampMixin


class ProductBase(SQLModel):
    """The fields a client sends and reads back."""

    name: str = Field(max_length=120)
    # Prices are in euros.
    price: Decimal = Field(max_digits=10, decimal_places=2)  # never negative
    notes: str | None = Field(default=None, sa_type=Text)


class Product(ProductBase, TimestampMixin, table=True):
    """A product row, owned by one user."""

    __tablename__ = "product"
    __table_args__ = (Index("ix_product_user_id_id", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=255)

    def label(self) -> str:
        # Hand-written: shown in the admin.
        return f"{self.name} ({self.price} EUR)"
'''

SCHEMAS = '''"""Request and response schemas of products."""

from decimal import Decimal
from typing import Self

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from app.models.product import ProductBase


class ProductUpdate(SQLModel):
    """A partial update: only the fields present in the request change."""

    model_config = SQLModel.model_config | {"extra": "forbid"}

    name: str | None = Field(default=None, max_length=120)
    price: Decimal | None = Field(default=None, max_digits=10, decimal_places=2)
    notes: str | None = Field(default=None)

    @model_validator(mode="after")
    def _required_fields_are_not_null(self) -> Self:
        # Omitting a field leaves it as it is; sending null for a required one is an error.
        for name in (
            "name",
            "price",
        ):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} may not be null")
        return self

    def describe(self) -> str:  # the user's own helper
        return ", ".join(sorted(self.model_fields_set))
'''


def view(dsl: str) -> FieldView:
    return codegen.build(parse_field(dsl), NAMES, None)


def layout(v: FieldView, *, soft_delete: bool = False) -> Layout:
    return field_layout(v, soft_delete=soft_delete)


def table(*fields: str, options: TableOptions | None = None, soft_delete: bool = False) -> Layout:
    """The layout crud gives a product table with `fields`."""
    views = [view(f) for f in fields]
    return table_layout("product", views, options or TableOptions(), soft_delete=soft_delete)


FIELDS = ("name:str(120)", "price:decimal", "notes:text?")


def add(
    source: str, dsl: str, *, before: tuple[str, ...] = (), options: TableOptions | None = None
) -> str:
    """`source` with `dsl` added, as `field add` does after the fields added `before`."""
    v = view(dsl)
    whole = table(*FIELDS, *before, dsl, options=options)
    return edit.add_model_field(source, "app/models/product.py", NAMES, v, layout(v), whole)


def test_add_to_the_model_keeps_the_method_and_comments() -> None:
    after = add(MODEL, "stock:int=0")
    assert after == MODEL.replace(
        "    notes: str | None = Field(default=None, sa_type=Text)\n",
        "    notes: str | None = Field(default=None, sa_type=Text)\n"
        f"    {view('stock:int=0').declaration}\n",
    )
    assert add(after, "stock:int=0") == after


def test_add_a_unique_enum_field_adds_its_class_constraints_and_imports() -> None:
    status = view("status:enum(draft|live):unique=draft")
    after = add(MODEL, status.spec.dsl)
    assert "class ProductStatus(StrEnum):\n    DRAFT = 'draft'\n    LIVE = 'live'\n" in after
    assert after.index("class ProductStatus") < after.index("class ProductBase")
    # Unique per owner first, then the indexes, then the checks, as crud orders them; the
    # unique constraint is the filter's index, so the field gets no other.
    assert (
        '__table_args__ = (UniqueConstraint("user_id", "status"), '
        'Index("ix_product_user_id_id", "user_id", "id"), '
        "CheckConstraint(\"status IN ('draft', 'live')\", name=\"status_enum\"),)"
    ) in after
    for line in ("from enum import StrEnum", "import sqlalchemy as sa", "UniqueConstraint"):
        assert line in after
    assert "CheckConstraint" in after.split("class ProductStatus")[0]
    assert "def label(self) -> str:\n        # Hand-written: shown in the admin." in after
    assert add(after, status.spec.dsl) == after
    # Removing it again takes out exactly what adding it put in (imports are ruff's job).
    removed = edit.remove_model_field(after, "m.py", NAMES, status, layout(status))
    assert "ProductStatus" not in removed.split("import")[-1]
    assert '__table_args__ = (Index("ix_product_user_id_id", "user_id", "id"),' in removed
    assert "UniqueConstraint(" not in removed and "CheckConstraint(" not in removed


def test_added_objects_go_where_crud_puts_them_and_the_users_own_stay() -> None:
    options = TableOptions(indexes=(("name", "price"),), checks=())
    source = MODEL.replace(
        '    __table_args__ = (Index("ix_product_user_id_id", "user_id", "id"),)\n',
        "    __table_args__ = (\n"
        '        Index("ix_product_user_id_id", "user_id", "id"),\n'
        '        Index("ix_product_name_price", "name", "price"),\n'
        '        CheckConstraint("price >= 0", name="mine"),  # the user\'s own\n'
        "    )\n",
    )
    code = "code:str(8):pattern(^[A-Z]+$)"
    after = add(source, code, options=options)
    after = add(after, "active:bool?", before=(code,), options=options)
    args = after.split("__table_args__ = (")[1].split("\n\n")[0]
    order = [
        'Index("ix_product_user_id_id"',
        'Index("ix_product_user_id_active_id", "user_id", "active", "id")',
        'Index("ix_product_name_price"',
        # SQLite's REGEXP is Python's re, so `$` is written `\Z` there.
        'CheckConstraint("code REGEXP \'^[A-Z]+\\\\Z\'", name="code_pattern")'
        '.ddl_if(dialect="sqlite")',
        'CheckConstraint("code ~ \'^[A-Z]+$\'", name="code_pattern").ddl_if(dialect="postgresql")',
        'CheckConstraint("price >= 0", name="mine")',
    ]
    positions = [args.index(code) for code in order]
    assert positions == sorted(positions), args
    assert "# the user's own" in after


def test_a_soft_delete_tables_filter_index_is_partial_and_needs_sa() -> None:
    v = view("active:bool?")
    objects = layout(v, soft_delete=True)
    after = edit.add_model_field(
        MODEL, "m.py", NAMES, v, objects, table(*FIELDS, "active:bool?", soft_delete=True)
    )
    assert 'postgresql_where=sa.text("deleted_at IS NULL")' in after
    assert "import sqlalchemy as sa" in after


def test_remove_from_the_model_takes_the_fields_own_comment_only() -> None:
    price = view("price:decimal")
    after = edit.remove_model_field(MODEL, "app/models/product.py", NAMES, price, layout(price))
    assert after == MODEL.replace(
        "    # Prices are in euros.\n"
        "    price: Decimal = Field(max_digits=10, decimal_places=2)  # never negative\n",
        "",
    )
    assert edit.remove_model_field(after, "m.py", NAMES, price, layout(price)) == after


def test_a_section_comment_above_a_removed_field_stays() -> None:
    source = MODEL.replace(
        "    # Prices are in euros.\n", "    # --- money ---\n\n    # Prices are in euros.\n"
    )
    price = view("price:decimal")
    after = edit.remove_model_field(source, "m.py", NAMES, price, layout(price))
    assert "    # --- money ---\n\n    notes: str | None" in after
    assert "euros" not in after


def rename(source: str, old: FieldView, new: FieldView) -> str:
    return edit.rename_model_field(source, "m.py", NAMES, old, new, (layout(old), layout(new)))


def test_rename_in_the_model_changes_only_the_name() -> None:
    old, new = view("price:decimal"), view("cost:decimal")
    after = rename(MODEL, old, new)
    assert after == MODEL.replace("    price: Decimal", "    cost: Decimal")
    assert rename(after, old, new) == after


def test_rename_an_enum_field_renames_its_class_sql_name_and_objects_in_place() -> None:
    old, new = view("status:enum(a|b)=a"), view("state:enum(a|b)=a")
    source = add(add(MODEL, old.spec.dsl), "active:bool?", before=(old.spec.dsl,))
    after = rename(source, old, new)
    assert "ProductStatus" not in after and '"status"' not in after
    assert "class ProductState(StrEnum):" in after
    assert (
        "state: ProductState = Field(default=ProductState.A, "
        'sa_type=sa.Enum(ProductState, name="state"' in after
    )
    # Each object keeps its place: the renamed field's index stays before the next field's.
    assert after.index("ix_product_user_id_state_id") < after.index("ix_product_user_id_active_id")
    assert "CheckConstraint(\"state IN ('a', 'b')\", name=\"state_enum\")" in after
    assert rename(after, old, new) == after


def test_declared_objects_are_what_the_model_holds() -> None:
    status = view("status:enum(a|b)=a")
    source = add(MODEL, status.spec.dsl)
    keys, legacy = edit.declared_objects(source, "m.py", NAMES, status)
    assert layout(status).present(keys) == (True, True) and not legacy
    # A model from before the table layout: an `index=True` column, no __table_args__ for it.
    old = MODEL.replace("sa_type=Text)", "sa_type=Text, index=True)")
    keys, legacy = edit.declared_objects(old, "m.py", NAMES, view("notes:text:index?"))
    assert legacy and keys == {("index", "ix_product_user_id_id")}


def test_table_args_that_are_not_a_tuple_are_a_clear_error() -> None:
    source = MODEL.replace(
        '__table_args__ = (Index("ix_product_user_id_id", "user_id", "id"),)',
        '__table_args__ = {"comment": "mine"}',
    )
    with pytest.raises(ProjectError, match="__table_args__ is not a tuple"):
        add(source, "active:bool?")


def test_schemas_add_rename_remove_keep_the_users_helper() -> None:
    path = "app/schemas/product.py"
    stock = view("stock:int=0")
    added = edit.add_schema_field(SCHEMAS, path, NAMES, stock)
    # Its annotation refuses null; the validator of an earlier version stays as it was.
    assert added == SCHEMAS.replace(
        "    notes: str | None = Field(default=None)\n",
        f"    notes: str | None = Field(default=None)\n    {stock.update_declaration}\n",
    )
    assert edit.add_schema_field(added, path, NAMES, stock) == added

    renamed = edit.rename_schema_field(
        added, path, NAMES, view("price:decimal"), view("cost:decimal")
    )
    assert (
        "    cost: Decimal | None = Field(default=None, max_digits=10, decimal_places=2)\n"
        in renamed
    )
    assert '("name", "cost", )' in renamed

    removed = edit.remove_schema_field(renamed, path, NAMES, view("cost:decimal"))
    assert "cost" not in removed
    assert '("name", )' in removed
    assert "    def describe(self) -> str:  # the user's own helper\n" in removed


def test_the_validator_goes_when_no_required_field_is_left_and_does_not_come_back() -> None:
    path = "app/schemas/product.py"
    source = edit.remove_schema_field(SCHEMAS, path, NAMES, view("name:str(120)"))
    source = edit.remove_schema_field(source, path, NAMES, view("price:decimal"))
    assert "_required_fields_are_not_null" not in source
    assert "def describe(self)" in source
    back = edit.add_schema_field(source, path, NAMES, view("stock:int=0"))
    assert "_required_fields_are_not_null" not in back


def test_a_model_without_its_base_class_is_a_clear_error() -> None:
    with pytest.raises(ProjectError, match="has no class ProductBase"):
        add("x = 1\n", "stock:int=0")


def test_a_model_that_does_not_parse_is_a_clear_error() -> None:
    with pytest.raises(ProjectError, match="does not parse"):
        add("class (:\n", "stock:int=0")


@pytest.mark.parametrize(
    ("newline", "bom"), [("\r\n", ""), ("\n", BOM), ("\r\n", BOM)], ids=["crlf", "bom", "both"]
)
def test_the_transforms_keep_line_endings_and_a_bom(newline: str, bom: str) -> None:
    def styled(text: str) -> str:
        return bom + text.replace("\n", newline)

    status = view("status:enum(draft|live)=draft")  # a field, its enum class and imports
    added = add(styled(MODEL), status.spec.dsl)
    assert added == styled(add(MODEL, status.spec.dsl))
    assert add(added, status.spec.dsl) == added
    path = "app/models/product.py"
    removed = edit.remove_model_field(added, path, NAMES, status, layout(status))
    assert removed == styled(
        edit.remove_model_field(add(MODEL, status.spec.dsl), path, NAMES, status, layout(status))
    )
    schemas = edit.add_schema_field(styled(SCHEMAS), "app/schemas/product.py", NAMES, status)
    assert schemas == styled(
        edit.add_schema_field(SCHEMAS, "app/schemas/product.py", NAMES, status)
    )
