"""The field transforms of a model and a schemas file: only the field's code changes; the
user's methods, comments and other statements stay; applying a transform twice is applying it
once."""

from __future__ import annotations

import pytest

from scaffold import codegen
from scaffold.codegen import FieldView
from scaffold.edits import fields as edit
from scaffold.errors import ProjectError
from scaffold.naming import ResourceNames
from scaffold.spec import parse_field

NAMES = ResourceNames.derive("Product")

MODEL = '''"""Product: the table model, and the fields its schemas share."""

from decimal import Decimal

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

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(index=True, max_length=255)

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


def test_add_to_the_model_keeps_the_method_and_comments() -> None:
    after = edit.add_model_field(MODEL, "app/models/product.py", NAMES, view("stock:int=0"))
    assert after == MODEL.replace(
        "    notes: str | None = Field(default=None, sa_type=Text)\n",
        "    notes: str | None = Field(default=None, sa_type=Text)\n"
        "    stock: int = Field(default=0)\n",
    )
    assert edit.add_model_field(after, "m.py", NAMES, view("stock:int=0")) == after


def test_add_a_unique_enum_field_adds_its_class_constraint_and_imports() -> None:
    status = view("status:enum(draft|live):unique=draft")
    after = edit.add_model_field(MODEL, "app/models/product.py", NAMES, status)
    assert "class ProductStatus(StrEnum):\n    DRAFT = 'draft'\n    LIVE = 'live'\n" in after
    assert after.index("class ProductStatus") < after.index("class ProductBase")
    assert '__table_args__ = (UniqueConstraint("user_id", "status"), )' in after
    for line in ("from enum import StrEnum", "import sqlalchemy as sa", "UniqueConstraint"):
        assert line in after
    assert "def label(self) -> str:\n        # Hand-written: shown in the admin." in after
    assert edit.add_model_field(after, "m.py", NAMES, status) == after
    # Removing it again takes out exactly what adding it put in (imports are ruff's job).
    removed = edit.remove_model_field(after, "m.py", NAMES, status)
    assert "ProductStatus" not in removed.split("import")[-1]
    assert "__table_args__" not in removed


def test_remove_from_the_model_takes_the_fields_own_comment_only() -> None:
    after = edit.remove_model_field(MODEL, "app/models/product.py", NAMES, view("price:decimal"))
    assert after == MODEL.replace(
        "    # Prices are in euros.\n"
        "    price: Decimal = Field(max_digits=10, decimal_places=2)  # never negative\n",
        "",
    )
    assert edit.remove_model_field(after, "m.py", NAMES, view("price:decimal")) == after


def test_a_section_comment_above_a_removed_field_stays() -> None:
    source = MODEL.replace(
        "    # Prices are in euros.\n", "    # --- money ---\n\n    # Prices are in euros.\n"
    )
    after = edit.remove_model_field(source, "m.py", NAMES, view("price:decimal"))
    assert "    # --- money ---\n\n    notes: str | None" in after
    assert "euros" not in after


def test_rename_in_the_model_changes_only_the_name() -> None:
    after = edit.rename_model_field(
        MODEL, "app/models/product.py", NAMES, view("price:decimal"), view("cost:decimal")
    )
    assert after == MODEL.replace("    price: Decimal", "    cost: Decimal")
    again = edit.rename_model_field(
        after, "m.py", NAMES, view("price:decimal"), view("cost:decimal")
    )
    assert again == after


def test_rename_an_enum_field_renames_its_class_and_sql_name() -> None:
    old, new = view("status:enum(a|b)=a"), view("state:enum(a|b)=a")
    source = edit.add_model_field(MODEL, "m.py", NAMES, old)
    after = edit.rename_model_field(source, "m.py", NAMES, old, new)
    assert "ProductStatus" not in after and '"status"' not in after
    assert "class ProductState(StrEnum):" in after
    assert (
        "state: ProductState = Field(default=ProductState.A, "
        'sa_type=sa.Enum(ProductState, name="state"' in after
    )


def test_schemas_add_rename_remove_keep_the_users_helper() -> None:
    path = "app/schemas/product.py"
    added = edit.add_schema_field(SCHEMAS, path, NAMES, view("stock:int=0"))
    assert added == SCHEMAS.replace(
        "    notes: str | None = Field(default=None)\n",
        "    notes: str | None = Field(default=None)\n"
        "    stock: int | None = Field(default=None)\n",
    ).replace(
        '        for name in (\n            "name",\n            "price",\n        ):',
        '        for name in ("name", "price", "stock", ):',
    )
    assert edit.add_schema_field(added, path, NAMES, view("stock:int=0")) == added

    renamed = edit.rename_schema_field(
        added, path, NAMES, view("price:decimal"), view("cost:decimal")
    )
    assert (
        "    cost: Decimal | None = Field(default=None, max_digits=10, decimal_places=2)\n"
        in renamed
    )
    assert '("name", "cost", "stock", )' in renamed

    removed = edit.remove_schema_field(renamed, path, NAMES, view("cost:decimal"))
    assert "cost" not in removed
    assert '("name", "stock", )' in removed
    assert "    def describe(self) -> str:  # the user's own helper\n" in removed


def test_the_validator_goes_when_no_required_field_is_left_and_comes_back() -> None:
    path = "app/schemas/product.py"
    source = edit.remove_schema_field(SCHEMAS, path, NAMES, view("name:str(120)"))
    source = edit.remove_schema_field(source, path, NAMES, view("price:decimal"))
    assert "_required_fields_are_not_null" not in source
    assert "def describe(self)" in source
    back = edit.add_schema_field(source, path, NAMES, view("stock:int=0"))
    assert 'for name in ("stock", ):' in back


def test_a_model_without_its_base_class_is_a_clear_error() -> None:
    with pytest.raises(ProjectError, match="has no class ProductBase"):
        edit.add_model_field("x = 1\n", "app/models/product.py", NAMES, view("stock:int=0"))


def test_a_model_that_does_not_parse_is_a_clear_error() -> None:
    with pytest.raises(ProjectError, match="does not parse"):
        edit.add_model_field("class (:\n", "app/models/product.py", NAMES, view("stock:int=0"))
