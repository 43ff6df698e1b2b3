"""The resource catalog: manifest records parsed once, relations resolved both ways."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from scaffold.errors import ProjectError, SpecError
from scaffold.model.catalog import Resource, ResourceCatalog
from scaffold.model.spec import parse_resource
from scaffold.model.table_options import RawOptions, parse_options

# As `scaffold crud|model|slice` record them in .scaffold/manifest.json.
RECORDS: dict[str, dict[str, Any]] = {
    "Author": {
        "generator": "crud-builder",
        "fields": ["name:str(120)"],
        "plural": "writers",
        "files": ["app/api/author.py", "app/models/author.py", "tests/test_author.py"],
        "migration": {"path": "alembic/versions/a_create_author_table.py", "revision": "a"},
    },
    "Book": {
        "generator": "crud-builder",
        "fields": ["title:str(200)", "author:ref(Author):cascade", "editor:ref(Author):set-null?"],
        "plural": "books",
        "files": ["app/api/book.py", "app/models/book.py"],
    },
    "Review": {
        "generator": "backend-scaffolder",
        "spec": "specs/features/reviews.md",
        "fields": ["body:text", "book:ref(Book)"],
        "plural": "reviews",
        "descriptions": {"body": "What the reader thought"},
        "files": ["app/services/review.py", "tests/test_review.py"],
    },
    "Tag": {
        "generator": "sqlmodel-schema-builder",
        "fields": ["name:str(40)", "color:str(20)?"],
        "plural": "tags",
        "options": {"many_to_many": ["Book"], "soft_delete": True, "uniques": [["name", "color"]]},
        "files": ["app/models/tag.py"],
    },
}


@pytest.fixture(scope="module")
def catalog() -> ResourceCatalog:
    return ResourceCatalog.from_manifest(RECORDS)


def test_each_record_is_parsed_into_names_fields_options_and_flags(
    catalog: ResourceCatalog,
) -> None:
    author = catalog.require("Author")
    assert (author.names.plural, author.names.route, author.names.module) == (
        "writers",
        "writers",
        "author",
    )
    assert [f.column for f in catalog.require("Book").fields] == ["title", "author_id", "editor_id"]
    assert author.has_router and author.has_tests and not author.has_service
    assert author.migration is not None and author.migration["revision"] == "a"
    review = catalog.require("Review")
    assert review.has_service and review.has_router and review.has_tests
    assert review.feature == "specs/features/reviews.md"
    assert dict(review.descriptions) == {"body": "What the reader thought"}
    tag = catalog.require("Tag")
    assert not tag.has_router and not tag.has_tests
    assert tag.options.soft_delete and tag.options.uniques == (("name", "color"),)
    assert tag.raw_options == RawOptions(
        uniques=["name,color"], soft_delete=True, many_to_many=["Book"]
    )
    assert tag.field("color") is tag.fields[1]
    assert catalog.require("Book").field("author_id") is catalog.require("Book").fields[1]


def test_records_are_frozen_and_read_only(catalog: ResourceCatalog) -> None:
    author = catalog.require("Author")
    with pytest.raises(dataclasses.FrozenInstanceError):
        author.spec = catalog.require("Book").spec  # type: ignore[misc]
    with pytest.raises(TypeError):
        author.record["plural"] = "authors"  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.resources["X"] = author  # type: ignore[index]


def test_names_of_uses_the_recorded_plural_and_derives_the_unknown(
    catalog: ResourceCatalog,
) -> None:
    assert catalog.names_of("Author").plural == "writers"
    assert catalog.names_of("Person").plural == "people"


def test_a_ref_gives_both_sides_and_two_refs_to_one_model_get_prefixed_names(
    catalog: ResourceCatalog,
) -> None:
    book = catalog.relationships("Book")
    assert [(p.attr, p.class_name, p.back_populates, p.foreign_keys) for p in book.parents] == [
        ("author", "Author", "author_books", "[Book.author_id]"),
        ("editor", "Author", "editor_books", "[Book.editor_id]"),
    ]
    author = catalog.relationships("Author")
    assert author.parents == ()
    assert [(c.attr, c.class_name, c.back_populates, c.foreign_keys) for c in author.children] == [
        ("author_books", "Book", "author", "[Book.author_id]"),
        ("editor_books", "Book", "editor", "[Book.editor_id]"),
    ]
    assert author.type_only_imports == (("Book", "book"),)
    # One ref: the reverse is the referrer's plural.
    assert [c.attr for c in catalog.relationships("Book").children] == ["reviews"]


def test_a_many_to_many_gives_the_owner_the_link_model_and_both_sides_an_attribute(
    catalog: ResourceCatalog,
) -> None:
    tag = catalog.relationships("Tag")
    (link,) = tag.links
    assert (link.class_name, link.table, link.index.columns) == (
        "TagBookLink",
        "tag_book_link",
        ("book_id", "tag_id"),
    )
    assert [(m.attr, m.back_populates, m.link_class) for m in tag.linked] == [
        ("books", "tags", "TagBookLink")
    ]
    assert tag.runtime_link_imports == ()
    book = catalog.relationships("Book")
    assert book.links == ()
    assert [(m.attr, m.class_name, m.back_populates) for m in book.linked] == [
        ("tags", "Tag", "books")
    ]
    assert book.runtime_link_imports == (("TagBookLink", "tag"),)
    assert book.type_only_imports == (("Review", "review"), ("Tag", "tag"))


def test_related_goes_both_ways_and_skips_what_the_project_lacks(
    catalog: ResourceCatalog,
) -> None:
    assert catalog.related("Book") == {"Author", "Review", "Tag"}
    assert catalog.related("Author") == {"Book"}
    assert catalog.related("Tag") == {"Book"}
    orphan = ResourceCatalog.from_manifest({"Book": RECORDS["Book"]})
    assert orphan.related("Book") == set()


def test_referrers_name_the_ref_fields_then_the_links(catalog: ResourceCatalog) -> None:
    assert [str(r) for r in catalog.referrers("Book")] == [
        "Review (book:ref(Book))",
        "Tag (--many-to-many Book)",
    ]
    assert [str(r) for r in catalog.referrers("Author")] == [
        "Book (author:ref(Author):cascade)",
        "Book (editor:ref(Author):set-null?)",
    ]
    assert catalog.referrers("Review") == []


def test_dependents_follow_refs_through_other_resources(catalog: ResourceCatalog) -> None:
    assert catalog.dependents("Author") == ["Book", "Review"]
    assert catalog.dependents("Book") == ["Review"]
    assert catalog.dependents("Tag") == []


def test_require_lists_the_known_resources_and_resolve_reads_command_line_names(
    catalog: ResourceCatalog,
) -> None:
    with pytest.raises(SpecError) as caught:
        catalog.require("Missing", context="ref(Missing): ", code="unknown_ref")
    assert caught.value.message == (
        "ref(Missing): no resource Missing in this project (known: Author, Book, Review, Tag)"
    )
    assert caught.value.code == "unknown_ref" and "scaffold crud Missing" in caught.value.hint
    with pytest.raises(SpecError, match=r"\(known: none\)"):
        ResourceCatalog().require("Author")
    assert catalog.get("author") is None
    assert catalog.require("author", lenient=True) is catalog.require("Author")
    assert catalog.resolve("TAG") is catalog.require("Tag")


def test_with_resource_adds_or_replaces_one_and_leaves_the_catalog_as_it_was(
    catalog: ResourceCatalog,
) -> None:
    spec = parse_resource("Shelf", ["label:str", "book:ref(Book)"], "shelves")
    shelf = Resource.of(spec, parse_options(RawOptions(), spec), {"fields": spec.field_dsl})
    after = catalog.with_resource(shelf)
    assert "Shelf" in after and "Shelf" not in catalog
    assert [c.attr for c in after.relationships("Book").children] == ["reviews", "shelves"]
    assert [c.attr for c in catalog.relationships("Book").children] == ["reviews"]

    spec = parse_resource("Author", ["name:str(120)", "born:date?"], "writers")
    again = catalog.with_resource(Resource.of(spec, parse_options(RawOptions(), spec), {}))
    assert len(again) == len(catalog)
    assert [f.name for f in again.require("Author").fields] == ["name", "born"]
    assert again.related("Author") == {"Book"}


def test_without_drops_a_resource_and_its_relations(catalog: ResourceCatalog) -> None:
    after = catalog.without("Tag")
    assert "Tag" not in after
    assert after.relationships("Book").linked == ()
    assert after.related("Book") == {"Author", "Review"}


def test_a_record_that_does_not_parse_is_a_broken_manifest() -> None:
    broken = {"Thing": {"fields": ["name:strng"], "plural": "things"}}
    with pytest.raises(ProjectError) as caught:
        ResourceCatalog.from_manifest(broken)
    assert caught.value.code == "bad_manifest"
    assert "Thing" in caught.value.message and "manifest.json" in caught.value.hint
