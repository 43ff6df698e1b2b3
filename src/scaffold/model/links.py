"""The names of a many-to-many link: `Post --many-to-many Tag` gives the model `PostTagLink`
and the table `post_tag_link`, declared in Post's model module."""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.model.naming import ResourceNames


@dataclass(frozen=True)
class Link:
    """The link table of `owner --many-to-many other`."""

    owner: ResourceNames
    other: ResourceNames

    @property
    def class_name(self) -> str:
        return f"{self.owner.class_name}{self.other.class_name}Link"

    @property
    def table(self) -> str:
        return f"{self.owner.table}_{self.other.table}_link"

    @property
    def index_columns(self) -> tuple[str, str]:
        # ON DELETE of the other side, and its side of the relationship, look links up by its
        # column, which the primary key (owner first) cannot serve.
        return f"{self.other.module}_id", f"{self.owner.module}_id"
