"""Every name a resource needs, derived once from what the user typed."""

from __future__ import annotations

import hashlib
import keyword
import re
from dataclasses import dataclass

from scaffold.errors import SpecError

# PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1) and drops the rest
# without an error, so a longer table or column name is not the one the models and migrations
# use. Index and constraint names are shortened with a hash instead (table_layout.fit_name).
MAX_IDENTIFIER_BYTES = 63

# The generated project's ruff line length. A name derived from two of the user's names (an
# enum class, a path parameter's type) is shortened where the line that declares it with them
# could not be split to fit, which only the longest names come near.
LINE_LENGTH = 100
# `    <field>: <Enum> = Field(`: what the line leaves the enum's name besides the field's.
_ENUM_ROOM = LINE_LENGTH - len("    " + ": " + " = Field(")
# `    <module>_id: <Class>Id,`, a path parameter, likewise.
_ID_TYPE_ROOM = LINE_LENGTH - len("    _id: ,")
_DIGEST_CHARS = 4

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Irregular English plurals a resource name is likely to use; `--plural` covers the rest.
_IRREGULAR = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "tooth": "teeth",
    "foot": "feet",
    "datum": "data",
    "criterion": "criteria",
    "analysis": "analyses",
    "index": "indexes",
    "status": "statuses",
    "quiz": "quizzes",
}
_UNCOUNTABLE = {"news", "series", "species", "equipment", "information", "feedback", "metadata"}


def is_identifier(name: str) -> bool:
    """True for an ASCII Python identifier that is not a keyword (soft keywords included)."""
    return bool(_IDENTIFIER.match(name)) and not (
        keyword.iskeyword(name) or keyword.issoftkeyword(name)
    )


def check_identifier(identifier: str, kind: str, made_by: str, shorter: str) -> None:
    """Refuse a table or column name that PostgreSQL would cut short.

    Args:
        identifier: the derived name, e.g. the table `order_item` or the column `author_id`.
        kind: what it names, e.g. "table" or "column".
        made_by: what the user typed that makes it, e.g. "resource 'OrderItem'".
        shorter: the name to suggest instead, which fits.

    Raises:
        SpecError: the identifier is longer than 63 bytes.
    """
    size = len(identifier.encode())
    if size > MAX_IDENTIFIER_BYTES:
        raise SpecError(
            f"{made_by} makes the {kind} {abridged(identifier)!r}, {size} bytes: PostgreSQL "
            f"keeps {MAX_IDENTIFIER_BYTES} bytes of a name and silently cuts the rest",
            f"use a shorter name, e.g. {shorter}",
            code="name_too_long",
        )


def abridged(text: str, limit: int = 60) -> str:
    """`text`, or its head and tail around `...` when it is longer than `limit` characters."""
    return text if len(text) <= limit else f"{text[: limit - 15]}...{text[-12:]}"


def shorten(name: str, room: int) -> str:
    """A snake_case `name` cut to at most `room` bytes, at a word boundary where one fits."""
    if len(name) <= room:
        return name
    words, kept = name.split("_"), ""
    for word in words:
        candidate = f"{kept}_{word}" if kept else word
        if len(candidate) > room:
            break
        kept = candidate
    return kept or name[:room].rstrip("_")


def enum_class_name(class_name: str, field: str) -> str:
    """The enum class of the field `field` of `class_name`: `OrderStatus` for `Order.status`.

    When that would leave no room on the line declaring the field (`field: OrderStatus =
    Field(`), the field's own words cut to fit and a hash of the full name (kept unique).
    """
    full = class_name + _capitalized(field)
    room = _ENUM_ROOM - len(field)
    if len(full) <= room:
        return full
    digest = hashlib.sha256(full.encode()).hexdigest()[:_DIGEST_CHARS]
    head = _capitalized(shorten(field, max(1, room - _DIGEST_CHARS)))
    return head[: max(1, room - _DIGEST_CHARS)] + digest


def _capitalized(field: str) -> str:
    # Not pascal_case: `user_ID` gives `UserId`, as enum classes have always been named.
    return "".join(part.capitalize() for part in field.split("_"))


def snake_case(name: str) -> str:
    """`OrderItem`, `orderItem`, `order_item` -> `order_item`."""
    return _WORD_BOUNDARY.sub("_", name).lower()


def pascal_case(name: str) -> str:
    """`order_item`, `orderItem`, `OrderItem` -> `OrderItem`."""
    return "".join(part[:1].upper() + part[1:] for part in snake_case(name).split("_") if part)


def pluralize(word: str) -> str:
    """English plural of the last word of a snake_case name (`order_item` -> `order_items`)."""
    head, _, last = word.rpartition("_")
    prefix = f"{head}_" if head else ""
    if last in _UNCOUNTABLE:
        return word
    if last in _IRREGULAR:
        return prefix + _IRREGULAR[last]
    if re.search(r"[^aeiou]y$", last):
        return prefix + last[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", last):
        return prefix + last + "es"
    if re.search(r"[^aeiou]o$", last) and last not in {"photo", "piano", "memo", "logo", "video"}:
        return prefix + last + "es"
    return prefix + last + "s"


@dataclass(frozen=True)
class ResourceNames:
    """Names of one resource: `Product` -> product, products, /products, ProductCreate..."""

    class_name: str  # OrderItem
    module: str  # order_item: app/models/order_item.py, app/api/order_item.py
    table: str  # order_item
    plural: str  # order_items
    route: str  # order-items, under /api/
    title: str  # Order item
    title_plural: str  # Order items

    @property
    def a_title(self) -> str:
        """`a product`, `an order item`: the title with its indefinite article."""
        lower = self.title.lower()
        return f"{'an' if lower[:1] in 'aeiou' else 'a'} {lower}"

    @property
    def id_type(self) -> str:
        """The router's type of the id path parameter: `ProductId`, or `RowId` when with the
        parameter's own name (`product_id: ProductId,`) it would not fit on a line."""
        own = f"{self.class_name}Id"
        return own if len(self.module) + len(own) <= _ID_TYPE_ROOM else "RowId"

    @classmethod
    def derive(cls, name: str, plural: str | None = None) -> ResourceNames:
        module = snake_case(name)
        plural_snake = snake_case(plural) if plural else pluralize(module)
        title = module.replace("_", " ").capitalize()
        return cls(
            class_name=pascal_case(name),
            module=module,
            table=module,
            plural=plural_snake,
            route=plural_snake.replace("_", "-"),
            title=title,
            title_plural=plural_snake.replace("_", " ").capitalize(),
        )
