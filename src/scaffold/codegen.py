"""How each field of the DSL becomes code: annotations, column options, migration columns, and
the sample values the generated tests send. Templates loop over these views; they compute
nothing themselves."""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.naming import ResourceNames
from scaffold.prose import string_literal_lines
from scaffold.spec import ON_DELETE, FieldSpec, enum_member, string_default

_ANNOTATIONS = {
    "str": "str",
    "text": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "decimal": "Decimal",
    "date": "date",
    "datetime": "datetime",
    "uuid": "UUID",
    "json": "JsonValue",
    "ref": "int",
}

# A value of the wrong JSON type for each field type (json accepts anything, so it has none).
_WRONG_VALUES = {
    "str": "12345",
    "text": "12345",
    "int": '"not-a-number"',
    "float": '"not-a-number"',
    "bool": '"not-a-bool"',
    "decimal": '"not-a-number"',
    "date": '"not-a-date"',
    "datetime": '"not-a-datetime"',
    "uuid": '"not-a-uuid"',
    "enum": '"not-a-choice"',
    "ref": '"not-an-id"',
}


@dataclass(frozen=True)
class FieldView:
    """One field, as the templates need it."""

    spec: FieldSpec
    name: str  # attribute and column name (author_id for a ref)
    annotation: str  # in the table model and Create/Read schemas
    default_expr: str | None  # Python default in the model, None if required
    field_kwargs: str  # extra Field(...) arguments, e.g. 'max_length=120'
    migration_column: str  # sa.Column(...) for op.create_table
    sample: str  # Python expression of a JSON value; may use `n` (row number) and refs
    updated_sample: str  # a different valid value, for the PATCH test
    wrong_value: str | None  # JSON of the wrong type, or None (json fields)
    compare: str  # how tests compare sent and returned values: exact|decimal|datetime|float
    enum_class: str | None
    ref: ResourceNames | None
    table: str
    description: str = ""

    @property
    def optional(self) -> bool:
        return self.spec.optional

    @property
    def required(self) -> bool:
        return self.spec.required

    @property
    def filterable(self) -> bool:
        """Whether the list endpoint takes an equality filter on this field."""
        return self.spec.type in {"bool", "enum", "ref", "date"}

    @property
    def searchable(self) -> bool:
        """Whether the list endpoint's `q` searches this field."""
        return self.spec.type in {"str", "text"}

    @property
    def filter_annotation(self) -> str:
        return self.enum_class or _ANNOTATIONS[self.spec.type]

    @property
    def declaration(self) -> str:
        """`name: type = Field(...)` in the shared Base model."""
        args = [f"default={self.default_expr}"] if self.default_expr is not None else []
        args += [self.field_kwargs] if self.field_kwargs else []
        if self.description:
            args.append(f"description={_long_string(self.description)}")
        if not args:
            return f"{self.name}: {self.annotation}"
        return f"{self.name}: {self.annotation} = Field({', '.join(args)})"

    @property
    def update_declaration(self) -> str:
        """`name: type | None = Field(default=None, ...)` in the Update schema: all optional."""
        annotation = self.annotation if self.optional else f"{self.annotation} | None"
        args = ["default=None", _validation_kwargs(self.spec)]
        if self.description:
            args.append(f"description={_long_string(self.description)}")
        return f"{self.name}: {annotation} = Field({', '.join(a for a in args if a)})"

    @property
    def on_delete(self) -> str:
        return on_delete(self.spec)

    @property
    def fk_name(self) -> str:
        return f"fk_{self.table}_{self.name}_{self.ref.table if self.ref else ''}"


def build(
    spec: FieldSpec, resource: ResourceNames, ref: ResourceNames | None, description: str = ""
) -> FieldView:
    """The view of `spec` in `resource`; `ref` names the referenced resource of a ref field."""
    enum_class = f"{resource.class_name}{_pascal(spec.name)}" if spec.type == "enum" else None
    annotation = enum_class or _ANNOTATIONS[spec.type]
    if spec.optional:
        annotation = f"{annotation} | None"
    return FieldView(
        spec=spec,
        name=spec.column,
        annotation=annotation,
        default_expr=_default_expr(spec, enum_class),
        field_kwargs=_field_kwargs(spec, resource, ref, enum_class),
        migration_column=_migration_column(spec),
        sample=_sample(spec, 0),
        updated_sample=_sample(spec, 1),
        wrong_value=_WRONG_VALUES.get(spec.type),
        compare={"decimal": "decimal", "datetime": "datetime", "float": "float"}.get(
            spec.type, "exact"
        ),
        enum_class=enum_class,
        ref=ref,
        table=resource.table,
        description=description,
    )


def _long_string(text: str) -> str:
    """A string literal; long ones as a parenthesized concatenation that fits the line length."""
    if len(text) <= 60:
        return repr(text)
    return "(" + " ".join(string_literal_lines(text, width=60)) + ")"


def enum_members(spec: FieldSpec) -> list[tuple[str, str]]:
    return [(enum_member(choice), choice) for choice in spec.choices]


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


_FACTORIES = {
    "datetime": {"now": "utcnow"},
    "uuid": {"new": "uuid4"},
    "json": {"{}": "dict", "[]": "list"},
}


def _default_expr(spec: FieldSpec, enum_class: str | None) -> str | None:
    """The Python default of a field, or None when it is required or has a factory."""
    value = spec.default
    if value is None:
        return "None" if spec.optional else None
    if spec.type == "int":
        return str(int(value))
    if spec.type == "float":
        return repr(float(value))
    if spec.type == "bool":
        return "True" if value.lower() == "true" else "False"
    if spec.type == "decimal":
        return f'Decimal("{value}")'
    if spec.type in {"str", "text"}:
        return repr(string_default(value))
    if spec.type == "date":
        return f"date.fromisoformat({value!r})"
    if spec.type == "enum":
        return f"{enum_class}.{enum_member(value)}"
    return None


def _factory(spec: FieldSpec) -> str | None:
    return _FACTORIES.get(spec.type, {}).get(spec.default or "")


def _field_kwargs(
    spec: FieldSpec, resource: ResourceNames, ref: ResourceNames | None, enum_class: str | None
) -> str:
    kwargs: list[str] = []
    factory = _factory(spec)
    if factory:
        kwargs.append(f"default_factory={factory}")
    if spec.type == "str" and spec.max_length:
        kwargs.append(f"max_length={spec.max_length}")
    if spec.type == "text":
        kwargs.append("sa_type=Text")
    if spec.type == "decimal":
        kwargs.append(f"max_digits={spec.precision}, decimal_places={spec.scale}")
    if spec.type == "datetime":
        kwargs.append("sa_type=UTCDateTime")
    if spec.type == "json":
        kwargs.append("sa_type=JSON")
    if spec.type == "enum":
        length = max(len(choice) for choice in spec.choices)
        kwargs.append(
            f'sa_type=sa.Enum({enum_class}, name="{spec.name}", native_enum=False, '
            f"length={length}, values_callable=enum_values)"
        )
    if spec.type == "ref" and ref is not None:
        kwargs.append(f'foreign_key="{ref.table}.id", ondelete="{on_delete(spec)}", index=True')
    if spec.index:
        kwargs.append("index=True")
    return ", ".join(kwargs)


def on_delete(spec: FieldSpec) -> str:
    """The SQL ON DELETE action of a ref field's foreign key."""
    return ON_DELETE[spec.on_delete or "restrict"]


def _migration_type(spec: FieldSpec) -> str:
    if spec.type == "str":
        length = f"length={spec.max_length}" if spec.max_length else ""
        return f"sqlmodel.sql.sqltypes.AutoString({length})"
    if spec.type == "enum":
        values = ", ".join(repr(c) for c in spec.choices)
        longest = max(len(choice) for choice in spec.choices)
        return f'sa.Enum({values}, name="{spec.name}", native_enum=False, length={longest})'
    if spec.type == "decimal":
        return f"sa.Numeric(precision={spec.precision}, scale={spec.scale})"
    return {
        "text": "sa.Text()",
        "int": "sa.Integer()",
        "ref": "sa.Integer()",
        "float": "sa.Float()",
        "bool": "sa.Boolean()",
        "date": "sa.Date()",
        "datetime": "sa.DateTime(timezone=True)",
        "uuid": "sa.Uuid()",
        "json": "sa.JSON()",
    }[spec.type]


def _migration_column(spec: FieldSpec) -> str:
    return f'sa.Column("{spec.column}", {_migration_type(spec)}, nullable={spec.optional})'


def _validation_kwargs(spec: FieldSpec) -> str:
    if spec.type == "str" and spec.max_length:
        return f"max_length={spec.max_length}"
    if spec.type == "decimal":
        return f"max_digits={spec.precision}, decimal_places={spec.scale}"
    return ""


def _sample(spec: FieldSpec, variant: int) -> str:
    """A Python expression for a valid JSON value; `n` distinguishes rows (for :unique)."""
    tag = "n" if variant == 0 else "n + 100"
    if spec.type == "str":
        limit = spec.max_length or 255
        word = spec.name[: max(0, limit - 4)] if variant == 0 else "new"[: max(0, limit - 4)]
        return f'f"{word}{{{tag}}}"' if word else f"str({tag})"
    if spec.type == "text":
        return f'f"{"Some" if variant == 0 else "Other"} {spec.name} text {{{tag}}}"'
    if spec.type == "int":
        return f"{tag} + 1"
    if spec.type == "float":
        return f"{tag} + 0.5"
    if spec.type == "bool":
        return "n % 2 == 0" if variant == 0 else "n % 2 == 1"
    if spec.type == "decimal":
        return _decimal_sample(spec, variant)
    if spec.type == "date":
        return f"(date(2024, 1, 1) + timedelta(days={tag})).isoformat()"
    if spec.type == "datetime":
        return f"(datetime(2024, 1, 1, 12, tzinfo=UTC) + timedelta(hours={tag})).isoformat()"
    if spec.type == "uuid":
        return "str(uuid4())"
    if spec.type == "json":
        return f'{{"key": {tag}, "tags": ["a", "b"]}}'
    if spec.type == "enum":
        choices = spec.choices
        if variant == 0:
            return f"{list(choices)!r}[n % {len(choices)}]"
        return f"{list(choices)!r}[(n + 1) % {len(choices)}]"
    if spec.type == "ref":
        return f"{spec.name}_id"
    raise AssertionError(spec.type)


def _decimal_sample(spec: FieldSpec, variant: int) -> str:
    precision = spec.precision or 10
    scale = spec.scale or 0
    whole_digits = min(precision - scale, 6)
    fraction = ("5" if variant == 0 else "2") * scale
    if whole_digits <= 0:
        return f'"0.{fraction}"'
    # The whole part is the row number, wrapped to fit the digits the column allows.
    row = "n" if variant == 0 else "n + 1"
    whole = f"{{({row}) % {10**whole_digits}}}"
    return f'f"{whole}.{fraction}"' if scale else f'f"{whole}"'
