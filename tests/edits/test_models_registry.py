from __future__ import annotations

from scaffold.edits.models_registry import register_model, unregister_model

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
    reverted = unregister_model(unregister_model(after, "author", "Author"), "product", "Product")
    assert reverted == BEFORE


def test_a_file_without_all_gets_one() -> None:
    after = register_model('"""Models."""\n', "product", "Product")
    assert after == (
        '"""Models."""\nfrom app.models.product import Product\n\n__all__ = ["Product"]\n'
    )
