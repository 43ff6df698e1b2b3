"""The project's resources as the manifest records them, parsed once into typed records with
their relations resolved both ways. Generators ask the catalog; they never re-read or re-parse
`manifest.resources` themselves.

Pure: built from the manifest's `resources` mapping (the engine reads the file).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from scaffold.errors import ProjectError, SpecError
from scaffold.model.links import Link
from scaffold.model.naming import ResourceNames, pascal_case
from scaffold.model.relations import Reference, Relationships, relationships, reverse_name
from scaffold.model.spec import FieldSpec, ResourceSpec, parse_fields
from scaffold.model.table_options import RawOptions, TableOptions, parse_options

# The generators a record names (see scaffold.registry): a slice has a service layer, a model
# has no router and no endpoint tests; crud has a router.
SLICE_GENERATOR = "backend-scaffolder"
MODEL_GENERATOR = "sqlmodel-schema-builder"
CRUD_GENERATOR = "crud-builder"


@dataclass(frozen=True, order=True)
class Referrer:
    """Something in another resource that points at a resource: a ref field or a link."""

    resource: str  # the class name of the referring resource
    via: str  # `author:ref(Author):cascade`, or `--many-to-many Author`

    def __str__(self) -> str:
        return f"{self.resource} ({self.via})"


@dataclass(frozen=True)
class Resource:
    """One recorded resource: its spec and options parsed, its record kept as written."""

    spec: ResourceSpec
    options: TableOptions
    record: Mapping[str, Any]  # the manifest entry, read-only

    @classmethod
    def of(cls, spec: ResourceSpec, options: TableOptions, record: Mapping[str, Any]) -> Resource:
        """A resource a generator has just parsed (its record as it will be written)."""
        return cls(spec, options, MappingProxyType(dict(record)))

    @classmethod
    def from_record(cls, class_name: str, record: Mapping[str, Any]) -> Resource:
        """Parse a manifest entry. Its names are derived as when it was generated (the
        recorded plural); its fields and options are validated again."""
        names = ResourceNames.derive(class_name, record.get("plural"))
        try:
            spec = ResourceSpec(names, parse_fields(list(record.get("fields", []))))
            options = parse_options(RawOptions.from_manifest(record.get("options", {})), spec)
        except SpecError as exc:
            raise ProjectError(
                f"the manifest's {class_name} does not parse: {exc.message}",
                "restore .scaffold/manifest.json from version control (or fix that entry)",
                code="bad_manifest",
            ) from None
        return cls.of(spec, options, record)

    @property
    def names(self) -> ResourceNames:
        return self.spec.names

    @property
    def class_name(self) -> str:
        return self.spec.names.class_name

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return self.spec.fields

    @property
    def generator(self) -> str:
        return str(self.record.get("generator", CRUD_GENERATOR))

    @property
    def files(self) -> frozenset[str]:
        return frozenset(self.record.get("files", ()))

    @property
    def has_router(self) -> bool:
        return self.generator != MODEL_GENERATOR

    @property
    def has_service(self) -> bool:
        return self.generator == SLICE_GENERATOR

    @property
    def has_tests(self) -> bool:
        return f"tests/test_{self.names.module}.py" in self.files

    @property
    def feature(self) -> str | None:
        """The feature spec a slice was generated from (a project path), if any."""
        path = self.record.get("spec")
        return str(path) if path else None

    @property
    def descriptions(self) -> Mapping[str, str]:
        """Field docs from the feature spec, as recorded when it was generated."""
        return MappingProxyType(dict(self.record.get("descriptions", {})))

    @property
    def migration(self) -> Mapping[str, Any] | None:
        migration = self.record.get("migration")
        return MappingProxyType(dict(migration)) if migration else None

    @property
    def field_changes(self) -> tuple[Mapping[str, str], ...]:
        """The `scaffold field` changes since it was generated, oldest first."""
        return tuple(MappingProxyType(dict(c)) for c in self.record.get("field_changes", []))

    @property
    def raw_options(self) -> RawOptions:
        """The table options as a generator takes them (to re-render the resource)."""
        return RawOptions.from_manifest(self.options.as_manifest())

    @property
    def refs(self) -> tuple[FieldSpec, ...]:
        return self.spec.refs

    def field(self, name: str) -> FieldSpec | None:
        """The field called `name`, or whose column is `name` (`author_id`)."""
        return next((f for f in self.fields if name in {f.name, f.column}), None)


@dataclass(frozen=True)
class ResourceCatalog:
    """Every recorded resource, by class name, with the relations between them."""

    resources: Mapping[str, Resource] = field(default_factory=lambda: MappingProxyType({}))
    # Every ref field of every resource: by owner class name, then in field order.
    references: tuple[Reference, ...] = ()
    # Every link table, by owner class name, then in its --many-to-many order.
    links: tuple[Link, ...] = ()

    @classmethod
    def from_manifest(cls, resources: Mapping[str, Mapping[str, Any]]) -> ResourceCatalog:
        """Parse the manifest's `resources` (class name -> entry)."""
        return cls.of(Resource.from_record(name, entry) for name, entry in resources.items())

    @classmethod
    def of(cls, resources: Iterable[Resource]) -> ResourceCatalog:
        by_name = {r.class_name: r for r in sorted(resources, key=lambda r: r.class_name)}

        def names_of(class_name: str) -> ResourceNames:
            known = by_name.get(class_name)
            return known.names if known else ResourceNames.derive(class_name)

        references: list[Reference] = []
        links: list[Link] = []
        for resource in by_name.values():
            counts = Counter(f.ref for f in resource.refs)
            references += [
                Reference(
                    owner=resource.names,
                    field=f,
                    target=names_of(f.ref),
                    reverse=reverse_name(resource.names, f.name, counts[f.ref]),
                )
                for f in resource.refs
                if f.ref
            ]
            links += [Link(resource.names, names_of(o)) for o in resource.options.many_to_many]
        return cls(MappingProxyType(by_name), tuple(references), tuple(links))

    # --- lookups ---------------------------------------------------------------------------

    def __contains__(self, class_name: object) -> bool:
        return class_name in self.resources

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources.values())

    def __len__(self) -> int:
        return len(self.resources)

    def get(self, class_name: str) -> Resource | None:
        return self.resources.get(class_name)

    def resolve(self, name: str) -> Resource | None:
        """The resource NAME means on a command line: `Product`, `product`, `order_item`."""
        if name in self.resources:
            return self.resources[name]
        candidates = {pascal_case(name), name.lower()}
        return next(
            (r for n, r in self.resources.items() if n in candidates or n.lower() in candidates),
            None,
        )

    def require(
        self,
        name: str,
        *,
        lenient: bool = False,
        context: str = "",
        hint: str | None = None,
        code: str = "unknown_resource",
    ) -> Resource:
        """The resource `name` (exactly, or as `resolve` reads it when `lenient`).

        Raises:
            SpecError: there is none; the message lists the known ones.
        """
        found = self.resolve(name) if lenient else self.get(name)
        if found is not None:
            return found
        known = ", ".join(self.resources) or "none"
        example = pascal_case(name) or "Model"
        raise SpecError(
            f"{context}no resource {name} in this project (known: {known})",
            hint
            or f"check the name, or generate it first: scaffold crud {example} 'name:str(120)'",
            code=code,
        )

    def names_of(self, class_name: str) -> ResourceNames:
        """The names of a resource as recorded (its plural may be irregular); derived for one
        the project does not have."""
        known = self.resources.get(class_name)
        return known.names if known else ResourceNames.derive(class_name)

    # --- relations -------------------------------------------------------------------------

    def relationships(self, class_name: str) -> Relationships:
        """The relationship attributes, link models and imports of `class_name`'s model file."""
        return relationships(
            self.names_of(class_name),
            tuple(
                r
                for r in self.references
                if class_name in {r.owner.class_name, r.target.class_name}
            ),
            tuple(link for link in self.links if link.owner.class_name == class_name),
            tuple(link for link in self.links if link.other.class_name == class_name),
        )

    def related(self, class_name: str) -> set[str]:
        """The other resources whose model files mention `class_name` in a relationship."""
        out: set[str] = set()
        for ref in self.references:
            if ref.owner.class_name == class_name:
                out.add(ref.target.class_name)
            elif ref.target.class_name == class_name:
                out.add(ref.owner.class_name)
        for link in self.links:
            if link.owner.class_name == class_name:
                out.add(link.other.class_name)
            elif link.other.class_name == class_name:
                out.add(link.owner.class_name)
        out.discard(class_name)
        return {name for name in out if name in self.resources}

    def referrers(self, class_name: str) -> list[Referrer]:
        """What points at `class_name` from other resources: ref fields, then links."""
        refs = sorted(
            Referrer(r.owner.class_name, r.field.dsl)
            for r in self.references
            if r.target.class_name == class_name and r.owner.class_name != class_name
        )
        linking = sorted(
            Referrer(link.owner.class_name, f"--many-to-many {class_name}")
            for link in self.links
            if link.other.class_name == class_name
        )
        return [*refs, *linking]

    def dependents(self, class_name: str) -> list[str]:
        """The resources that reference `class_name` through their ref fields, directly or
        through other resources (their generated tests create one), by name."""
        parents: dict[str, set[str]] = {}
        for ref in self.references:
            parents.setdefault(ref.owner.class_name, set()).add(ref.target.class_name)
        found = []
        for name in self.resources:
            seen: set[str] = set()
            pending = list(parents.get(name, ()))
            while pending:
                current = pending.pop()
                if current not in seen:
                    seen.add(current)
                    pending += parents.get(current, ())
            if class_name in seen and name != class_name:
                found.append(name)
        return found

    # --- planning --------------------------------------------------------------------------

    def with_resource(self, resource: Resource) -> ResourceCatalog:
        """This catalog with `resource` added (or replacing the one of its name)."""
        return ResourceCatalog.of(
            (*(r for r in self if r.class_name != resource.class_name), resource)
        )

    def without(self, class_name: str) -> ResourceCatalog:
        """This catalog once `class_name` is gone (its relations with it)."""
        return ResourceCatalog.of(tuple(r for r in self if r.class_name != class_name))
