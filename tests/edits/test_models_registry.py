"""Registering a model in app/models/__init__.py: exact before/after text, idempotent, the
user's code kept or, when it uses the model, named."""

from __future__ import annotations

import pytest

from scaffold.edits.models_registry import MODELS_INIT, register_model, unregister_model
from scaffold.edits.references import Reference, Unregistration
from scaffold.edits.text import BOM
from tests.edits.ruff_agrees import ruff_findings

BEFORE = '''"""Every table model."""

from app.models.base import TimestampMixin

__all__ = ["TimestampMixin"]
'''


def test_register_adds_import_and_sorted_all() -> None:
    after = register_model(BEFORE, "product", "Product")
    assert after == (
        '"""Every table model."""\n\n'
        "from app.models.base import TimestampMixin\n"
        "from app.models.product import Product\n\n"
        '__all__ = ["Product", "TimestampMixin"]\n'
    )
    assert register_model(after, "product", "Product") == after


def test_several_models_stay_sorted_and_unregister_reverts() -> None:
    after = register_model(register_model(BEFORE, "product", "Product"), "author", "Author")
    assert after.index("app.models.author") < after.index("app.models.base")
    assert '__all__ = ["Author", "Product", "TimestampMixin"]' in after
    reverted = unregister_model(
        unregister_model(after, "author", "Author").code, "product", "Product"
    )
    assert reverted == Unregistration(BEFORE, ())


def test_a_file_without_all_gets_one() -> None:
    after = register_model('"""Models."""\n', "product", "Product")
    assert after == (
        '"""Models."""\nfrom app.models.product import Product\n\n__all__ = ["Product"]\n'
    )


REGISTERED = register_model(BEFORE, "product", "Product")


def test_a_user_import_of_the_module_is_named_and_its_names_leave_all() -> None:
    source = REGISTERED.replace(
        "from app.models.product import Product\n",
        "from app.models.product import Product\n"
        "from app.models.product import ProductStatus  # for the admin\n",
    ).replace('"Product", ', '"Product", "ProductStatus", ')
    result = unregister_model(source, "product", "Product")
    assert result == Unregistration(BEFORE, (Reference(5, "app.models.product"),))
    assert unregister_model(result.code, "product", "Product") == Unregistration(BEFORE, ())


def test_a_use_of_the_class_is_named() -> None:
    source = REGISTERED + "\nTABLES = [Product.__tablename__]\n"
    result = unregister_model(source, "product", "Product")
    assert result == Unregistration(BEFORE, (Reference(8, "Product"),))


def test_the_users_other_lines_and_order_of_all_stay() -> None:
    source = REGISTERED.replace(
        '__all__ = ["Product", "TimestampMixin"]',
        "# my audit model\n"
        "from app.models.audit import Audit  # not generated\n\n"
        '__all__ = ["Product", "TimestampMixin", "Audit"]',
    )
    expected = BEFORE.replace(
        '__all__ = ["TimestampMixin"]',
        "# my audit model\n"
        "from app.models.audit import Audit  # not generated\n\n"
        '__all__ = ["Audit", "TimestampMixin"]',
    )
    assert unregister_model(source, "product", "Product") == Unregistration(expected, ())
    # Nothing of Product's left: the user's order in __all__ is not touched.
    unsorted = expected.replace('["Audit", "TimestampMixin"]', '["TimestampMixin", "Audit"]')
    assert unregister_model(unsorted, "product", "Product") == Unregistration(unsorted, ())


@pytest.mark.parametrize(
    ("newline", "bom"), [("\r\n", ""), ("\n", BOM), ("\r\n", BOM)], ids=["crlf", "bom", "both"]
)
def test_line_endings_and_a_bom_are_kept(newline: str, bom: str) -> None:
    before = bom + BEFORE.replace("\n", newline)
    after = register_model(register_model(before, "product", "Product"), "author", "Author")
    many = [f"Model{i:02}" for i in range(12)]  # enough for __all__ to go one name a line
    for name in many:
        after = register_model(after, name.lower(), name)
    assert "\n" not in after.replace(newline, "") and after.startswith(bom + '"""')
    assert register_model(after, "product", "Product") == after
    for module, name in [("product", "Product"), ("author", "Author")] + [
        (n.lower(), n) for n in many
    ]:
        after = unregister_model(after, module, name).code
    assert after == before


LONG_MODULE = "warehouse_inventory_adjustment_request_line_item_approval_steps"  # 63 bytes
LONG_CLASS = "WarehouseInventoryAdjustmentRequestLineItemApprovalSteps"


def test_a_long_name_goes_in_wrapped_as_ruffs_isort_wraps_it() -> None:
    after = register_model(BEFORE, LONG_MODULE, LONG_CLASS)
    assert after == (
        '"""Every table model."""\n\n'
        "from app.models.base import TimestampMixin\n"
        f"from app.models.{LONG_MODULE} import (\n"
        f"    {LONG_CLASS},\n"
        ")\n\n"
        f'__all__ = ["TimestampMixin", "{LONG_CLASS}"]\n'
    )
    assert register_model(after, LONG_MODULE, LONG_CLASS) == after
    assert unregister_model(after, LONG_MODULE, LONG_CLASS) == Unregistration(BEFORE, ())
    assert ruff_findings(after, MODELS_INIT) == ""


@pytest.mark.parametrize(
    ("newline", "bom"), [("\r\n", ""), ("\n", BOM), ("\r\n", BOM)], ids=["crlf", "bom", "both"]
)
def test_a_wrapped_import_takes_the_files_line_ending_and_keeps_its_bom(
    newline: str, bom: str
) -> None:
    before = bom + BEFORE.replace("\n", newline)
    after = register_model(before, LONG_MODULE, LONG_CLASS)
    assert f"import ({newline}    {LONG_CLASS},{newline}){newline}" in after
    assert "\n" not in after.replace(newline, "") and after.startswith(bom + '"""')
    assert register_model(after, LONG_MODULE, LONG_CLASS) == after
    assert unregister_model(after, LONG_MODULE, LONG_CLASS) == Unregistration(before, ())


def test_an_import_the_user_joined_onto_one_line_is_still_scaffolds() -> None:
    joined = (
        '"""Every table model."""\n\n'
        "from app.models.base import TimestampMixin\n"
        f"from app.models.{LONG_MODULE} import {LONG_CLASS}  # noqa: E501\n\n"
        f'__all__ = ["TimestampMixin", "{LONG_CLASS}"]\n'
    )
    assert register_model(joined, LONG_MODULE, LONG_CLASS) == joined
    assert unregister_model(joined, LONG_MODULE, LONG_CLASS) == Unregistration(BEFORE, ())
