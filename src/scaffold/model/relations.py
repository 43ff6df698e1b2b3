"""Both sides of every relationship between resources, as typed records.

A ref field (`author:ref(Author)` on Book) gives Book `author` and Author `books`; a
`--many-to-many Tag` on Post gives a link table and `Post.tags` / `Tag.posts`. The catalog
(scaffold.model.catalog) resolves these once for every recorded resource; each model file is
rendered from them, so generating, re-generating or destroying any one resource leaves every
related model consistent.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.model.links import Link
from scaffold.model.naming import ResourceNames
from scaffold.model.spec import FieldSpec
from scaffold.model.table_layout import Index


@dataclass(frozen=True)
class Reference:
    """One ref field, seen from both ends: Book.author -> Author, and Author.books back."""

    owner: ResourceNames  # Book
    field: FieldSpec  # author:ref(Author)
    target: ResourceNames  # Author, named as recorded (its plural may be irregular)
    reverse: str  # the attribute on the target: books, or author_books when Book refs it twice

    @property
    def attr(self) -> str:
        return self.field.name

    @property
    def column(self) -> str:
        return self.field.column


@dataclass(frozen=True)
class LinkModel:
    """A link table as the model and migration templates declare it."""

    link: Link

    @property
    def class_name(self) -> str:
        return self.link.class_name

    @property
    def table(self) -> str:
        return self.link.table

    @property
    def owner(self) -> ResourceNames:
        return self.link.owner

    @property
    def other(self) -> ResourceNames:
        return self.link.other

    @property
    def index(self) -> Index:
        return Index.of(self.link.table, self.link.index_columns)


@dataclass(frozen=True)
class Relationship:
    """One relationship attribute of a model, as the model template declares it."""

    attr: str
    class_name: str  # the model on the other side
    module: str  # where that model lives
    back_populates: str
    foreign_keys: str = ""  # `[Book.author_id]`; empty for a many-to-many
    link_class: str = ""  # many-to-many only

    @property
    def foreign_keys_literal(self) -> str:
        """`foreign_keys` as adjacent string literals split after the class, which ruff joins
        when they fit: a long class and column would not fit one literal on a line."""
        head, dot, column = self.foreign_keys.partition(".")
        return f'"{head}{dot}" "{column}"'


@dataclass(frozen=True)
class Relationships:
    """Everything relational in one model file: attributes, link models, imports."""

    parents: tuple[Relationship, ...] = ()  # this model's refs: the many-to-one side
    children: tuple[Relationship, ...] = ()  # other models' refs to it: the one-to-many side
    links: tuple[LinkModel, ...] = ()  # link models this model owns (its --many-to-many)
    linked: tuple[Relationship, ...] = ()  # many-to-many attributes, on either side
    type_only_imports: tuple[tuple[str, str], ...] = ()  # (class, module), for annotations
    runtime_link_imports: tuple[tuple[str, str], ...] = ()  # (link class, module)


def reverse_name(child: ResourceNames, field_name: str, same_parent_refs: int) -> str:
    """The parent-side attribute: `books`, or `author_books` when Book refs it twice."""
    return child.plural if same_parent_refs == 1 else f"{field_name}_{child.plural}"


def relationships(
    me: ResourceNames,
    references: tuple[Reference, ...],
    owned: tuple[Link, ...],
    linking: tuple[Link, ...],
) -> Relationships:
    """The relationships of `me`'s model: `references` from and to it (the catalog's order:
    its own refs in field order, then the others' by their class name), the links it owns,
    and the links other models own to it."""
    parents = tuple(
        Relationship(
            attr=r.attr,
            class_name=r.target.class_name,
            module=r.target.module,
            back_populates=r.reverse,
            foreign_keys=f"[{me.class_name}.{r.column}]",
        )
        for r in references
        if r.owner.class_name == me.class_name
    )
    children = tuple(
        Relationship(
            attr=r.reverse,
            class_name=r.owner.class_name,
            module=r.owner.module,
            back_populates=r.attr,
            foreign_keys=f"[{r.owner.class_name}.{r.column}]",
        )
        for r in references
        if r.target.class_name == me.class_name and r.owner.class_name != me.class_name
    )
    linked = tuple(
        Relationship(
            attr=link.other.plural,
            class_name=link.other.class_name,
            module=link.other.module,
            back_populates=me.plural,
            link_class=link.class_name,
        )
        for link in owned
    ) + tuple(
        Relationship(
            attr=link.owner.plural,
            class_name=link.owner.class_name,
            module=link.owner.module,
            back_populates=me.plural,
            link_class=link.class_name,
        )
        for link in linking
    )
    type_only = {rel.class_name: rel.module for rel in (*children, *linked)}
    return Relationships(
        parents=parents,
        children=children,
        links=tuple(LinkModel(link) for link in owned),
        linked=linked,
        type_only_imports=tuple(sorted(type_only.items(), key=lambda item: item[1])),
        runtime_link_imports=tuple(
            sorted((link.class_name, link.owner.module) for link in linking)
        ),
    )
