"""Adding, renaming and removing one field in a resource's model and schema files.

The transforms change only what belongs to the field: its declaration in `<M>Base` and
`<M>Update`, its indexes and constraints in `<M>`'s `__table_args__` (as scaffold.model.table_layout
lays them out), its enum class and the imports those need; and its name in the not-null
validator that Update schemas of earlier versions carry. Everything else (the user's methods,
comments, other statements) is left as it was. New statements are written as `crud` writes
them (from `codegen.FieldView` and the table layout), and the result goes through ruff like
every generated file, so that on an untouched project the files equal what `crud` makes from
the new field list. Each transform is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from scaffold.edits.statements import module_code, parse_module
from scaffold.errors import ProjectError
from scaffold.model.codegen import FieldView, enum_members
from scaffold.model.naming import ResourceNames
from scaffold.model.table_layout import Layout, ModelArg

# What a field's code may use, by field type: (module, name) of `from module import name`;
# `import sqlalchemy as sa` is ("sqlalchemy", None). Unused ones are dropped by ruff afterwards.
_MODEL_IMPORTS: dict[str, list[tuple[str, str | None]]] = {
    "decimal": [("decimal", "Decimal")],
    "date": [("datetime", "date")],
    "datetime": [("datetime", "datetime"), ("app.models.base", "UTCDateTime")],
    "uuid": [("uuid", "UUID"), ("uuid", "uuid4")],
    "json": [("pydantic", "JsonValue"), ("sqlalchemy", "JSON")],
    "text": [("sqlalchemy", "Text")],
    "enum": [("enum", "StrEnum"), ("sqlalchemy", None), ("app.models.base", "enum_values")],
}
_SCHEMA_IMPORTS: dict[str, list[tuple[str, str | None]]] = {
    "decimal": [("decimal", "Decimal")],
    "date": [("datetime", "date")],
    "datetime": [("datetime", "datetime")],
    "uuid": [("uuid", "UUID")],
    "json": [("pydantic", "JsonValue")],
}
_ClassChange = Callable[[cst.ClassDef], cst.ClassDef]


# --- the model file ------------------------------------------------------------------------


def add_model_field(
    source: str, path: str, names: ResourceNames, view: FieldView, field: Layout, table: Layout
) -> str:
    """`source` (app/models/<m>.py) with `view` declared last in `<M>Base`, and its indexes and
    constraints (`field`) in `<M>.__table_args__`, placed as the whole new `table` orders
    them."""
    tree = parse_module(source, path)
    base = f"{names.class_name}Base"
    if _find_field(_class(tree, base, path), view.name) is not None:
        return source
    tree = _with_class(tree, base, path, lambda c: _append_field(c, view.declaration))
    mine = field.model_args
    if mine:
        order = table.model_args
        tree = _with_class(tree, names.class_name, path, lambda c: _add_args(c, path, mine, order))
    if view.enum_class and not _has_class(tree, view.enum_class):
        tree = _add_enum_class(tree, base, view)
    needs = _MODEL_IMPORTS.get(view.spec.type, [])
    needs = [*needs, *(("sqlalchemy", _arg_class(arg)) for arg in mine)]
    if any(index.where for index in field.indexes):
        needs.append(("sqlalchemy", None))
    if view.spec.default == "now":
        needs = [*needs, ("app.models.base", "utcnow")]
    return module_code(_add_imports(tree, [*needs, ("sqlmodel", "Field")]))


def remove_model_field(
    source: str, path: str, names: ResourceNames, view: FieldView, field: Layout
) -> str:
    """`source` without `view`'s declaration, its indexes and constraints (`field`), and its
    enum class."""
    tree = parse_module(source, path)
    base = f"{names.class_name}Base"
    tree = _with_class(tree, base, path, lambda c: _drop_field(c, view.name))
    keys = {arg.key for arg in field.model_args}
    tree = _with_class(tree, names.class_name, path, lambda c: _drop_args(c, path, keys))
    if view.enum_class:
        tree = _drop_class(tree, view.enum_class)
    return module_code(tree)


def rename_model_field(
    source: str,
    path: str,
    names: ResourceNames,
    old: FieldView,
    new: FieldView,
    layouts: tuple[Layout, Layout],
) -> str:
    """`source` with `old` renamed to `new`: its declaration, its indexes and constraints (the
    first of `layouts` becomes the second, each object in its place), and its enum."""
    tree = parse_module(source, path)
    base = f"{names.class_name}Base"
    tree = _with_class(tree, base, path, lambda c: _rename_field(c, old, new))
    before, after = layouts
    pairs = dict(zip((arg.key for arg in before.model_args), after.model_args, strict=True))
    tree = _with_class(tree, names.class_name, path, lambda c: _replace_args(c, path, pairs))
    return module_code(_rename_enum(tree, old, new))


def declared_objects(
    source: str, path: str, names: ResourceNames, view: FieldView
) -> tuple[set[tuple[str, ...]], bool]:
    """What the model declares that a migration of `view`'s column must drop: the keys of
    `<M>.__table_args__`'s elements, and whether the field's own declaration says
    `index=True` (a one-column index, as models generated before the table layout have)."""
    tree = parse_module(source, path)
    node = _class(tree, names.class_name, path)
    found = _table_args(node, path)
    keys = {key for e in found[1].elements if (key := _arg_key(e)) is not None} if found else set()
    index = _find_field(_class(tree, f"{names.class_name}Base", path), view.name)
    legacy = False
    if index is not None:
        statement = _members(_class(tree, f"{names.class_name}Base", path))[index]
        assert isinstance(statement, cst.SimpleStatementLine)
        assign = statement.body[0]
        assert isinstance(assign, cst.AnnAssign)
        call = assign.value
        legacy = isinstance(call, cst.Call) and any(
            a.keyword is not None
            and a.keyword.value == "index"
            and isinstance(a.value, cst.Name)
            and a.value.value == "True"
            for a in call.args
        )
    return keys, legacy


# --- the schemas file ----------------------------------------------------------------------


def add_schema_field(source: str, path: str, names: ResourceNames, view: FieldView) -> str:
    """`source` (app/schemas/<m>.py) with `view` last in `<M>Update`, whose annotation says
    whether it may be sent as null."""
    tree = parse_module(source, path)
    update = f"{names.class_name}Update"
    if _find_field(_class(tree, update, path), view.name) is not None:
        return source
    tree = _with_class(tree, update, path, lambda c: _append_field(c, view.update_declaration))
    needs = list(_SCHEMA_IMPORTS.get(view.spec.type, []))
    needs.append(("sqlmodel", "Field"))
    if view.enum_class:
        needs.append((f"app.models.{names.module}", view.enum_class))
    return module_code(_add_imports(tree, needs))


def remove_schema_field(source: str, path: str, names: ResourceNames, view: FieldView) -> str:
    tree = parse_module(source, path)
    update = f"{names.class_name}Update"
    tree = _with_class(tree, update, path, lambda c: _drop_field(c, view.name))
    tree = _with_class(tree, update, path, lambda c: _validator_remove(c, view.name))
    return module_code(tree)


def rename_schema_field(
    source: str, path: str, names: ResourceNames, old: FieldView, new: FieldView
) -> str:
    tree = parse_module(source, path)
    update = f"{names.class_name}Update"
    tree = _with_class(tree, update, path, lambda c: _rename_field(c, old, new))
    tree = _with_class(tree, update, path, lambda c: _validator_rename(c, old.name, new.name))
    return module_code(_rename_enum(tree, old, new))


# --- classes and fields --------------------------------------------------------------------


def _has_class(tree: cst.Module, name: str) -> bool:
    return any(isinstance(s, cst.ClassDef) and s.name.value == name for s in tree.body)


def _class(tree: cst.Module, name: str, path: str) -> cst.ClassDef:
    for statement in tree.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value == name:
            return statement
    raise ProjectError(
        f"{path} has no class {name}, so its fields cannot be changed",
        f"restore class {name} in {path}, or change the field by hand",
        code="broken_file",
    )


def _with_class(tree: cst.Module, name: str, path: str, change: _ClassChange) -> cst.Module:
    target = _class(tree, name, path)
    body = [change(s) if s is target else s for s in tree.body]
    return tree.with_changes(body=body)


_Member = cst.SimpleStatementLine | cst.BaseCompoundStatement


def _members(node: cst.ClassDef) -> list[_Member]:
    body = node.body
    if not isinstance(body, cst.IndentedBlock):
        return []
    return [
        s for s in body.body if isinstance(s, cst.SimpleStatementLine | cst.BaseCompoundStatement)
    ]


def _set_members(node: cst.ClassDef, members: Sequence[_Member]) -> cst.ClassDef:
    assert isinstance(node.body, cst.IndentedBlock)
    if not members:
        members = [cst.SimpleStatementLine([cst.Pass()])]
    return node.with_changes(body=node.body.with_changes(body=list(members)))


def _annotated_name(statement: cst.BaseStatement) -> str | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
            return small.target.value
    return None


def _find_field(node: cst.ClassDef, name: str) -> int | None:
    for index, statement in enumerate(_members(node)):
        if _annotated_name(statement) == name:
            return index
    return None


def _is_pass(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Pass)
    )


def _append_field(node: cst.ClassDef, declaration: str) -> cst.ClassDef:
    members = [s for s in _members(node) if not _is_pass(s)]
    fields = [i for i, s in enumerate(members) if _annotated_name(s) is not None]
    statement = cst.parse_statement(declaration + "\n")
    if fields:
        position = fields[-1] + 1
    else:  # after the docstring (and model_config), with a blank line, as crud writes it
        position = len(members)
        assigns = [i for i, s in enumerate(members) if isinstance(s, cst.SimpleStatementLine)]
        position = assigns[-1] + 1 if assigns else 0
        if position:
            statement = statement.with_changes(leading_lines=[cst.EmptyLine()])
    members.insert(position, statement)
    return _set_members(node, members)


def _drop_field(node: cst.ClassDef, name: str) -> cst.ClassDef:
    members = _members(node)
    index = _find_field(node, name)
    if index is None:
        return node
    removed = members.pop(index)
    # The comment lines right above the field describe it and go with it; a comment block
    # separated from it by a blank line (a section heading) stays, above the next statement.
    lines = list(removed.leading_lines)
    blanks = [i for i, line in enumerate(lines) if line.comment is None]
    kept = lines[: blanks[-1] + 1] if blanks else []
    if any(line.comment is not None for line in kept) and index < len(members):
        successor = members[index]
        members[index] = successor.with_changes(leading_lines=[*kept, *successor.leading_lines])
    return _set_members(node, members)


def _rename_field(node: cst.ClassDef, old: FieldView, new: FieldView) -> cst.ClassDef:
    index = _find_field(node, old.name)
    if index is None:
        return node
    members = _members(node)
    statement = members[index]
    assert isinstance(statement, cst.SimpleStatementLine)
    assign = statement.body[0]
    assert isinstance(assign, cst.AnnAssign)
    # Only the name (and an enum's SQL type name) changes; the user's edits of the line stay.
    assign = assign.with_changes(target=cst.Name(new.name))
    if old.enum_class and assign.value is not None:
        assign = assign.with_changes(
            value=assign.value.visit(_StringReplacer(old.spec.name, new.spec.name))
        )
    members[index] = statement.with_changes(body=[assign])
    return _set_members(node, members)


class _StringReplacer(cst.CSTTransformer):
    """`name="old"` keyword arguments (the SQL name of an enum type) become `name="new"`."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        value = updated_node.value
        if (
            updated_node.keyword is not None
            and updated_node.keyword.value == "name"
            and isinstance(value, cst.SimpleString)
            and value.evaluated_value == self.old
        ):
            return updated_node.with_changes(value=cst.SimpleString(f'"{self.new}"'))
        return updated_node


# --- enums -----------------------------------------------------------------------------------


def _is_enum_class(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.ClassDef) and any(
        isinstance(b.value, cst.Name) and b.value.value == "StrEnum" for b in statement.bases
    )


def _add_enum_class(tree: cst.Module, base: str, view: FieldView) -> cst.Module:
    assert view.enum_class is not None
    lines = [f"class {view.enum_class}(StrEnum):"]
    lines += [f"    {member} = {value!r}" for member, value in enum_members(view.spec)]
    statement = cst.parse_statement("\n".join(lines) + "\n")
    body = list(tree.body)
    enums = [i for i, s in enumerate(body) if _is_enum_class(s)]
    if enums:
        position = enums[-1] + 1
    else:
        position = next(
            i for i, s in enumerate(body) if isinstance(s, cst.ClassDef) and s.name.value == base
        )
    blank = [cst.EmptyLine(), cst.EmptyLine()]
    body.insert(position, statement.with_changes(leading_lines=blank))
    return tree.with_changes(body=body)


def _drop_class(tree: cst.Module, name: str) -> cst.Module:
    body = [s for s in tree.body if not (isinstance(s, cst.ClassDef) and s.name.value == name)]
    return tree.with_changes(body=body)


class _NameReplacer(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if updated_node.value == self.old:
            return updated_node.with_changes(value=self.new)
        return updated_node


def _rename_enum(tree: cst.Module, old: FieldView, new: FieldView) -> cst.Module:
    if not old.enum_class or not new.enum_class or old.enum_class == new.enum_class:
        return tree
    renamed = tree.visit(_NameReplacer(old.enum_class, new.enum_class))
    assert isinstance(renamed, cst.Module)
    return renamed


# --- __table_args__ ----------------------------------------------------------------------


def _table_args(node: cst.ClassDef, path: str) -> tuple[int, cst.Tuple] | None:
    """The `__table_args__ = (...)` statement's position in the class, and its tuple."""
    for index, statement in enumerate(_members(node)):
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        assign = statement.body[0]
        if not _assigns(statement, "__table_args__"):
            continue
        if isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Tuple):
            return index, assign.value
        raise ProjectError(
            f"{path}: {node.name.value}.__table_args__ is not a tuple, so the field's indexes "
            "and constraints cannot be changed there",
            "write __table_args__ as a tuple (...), or change the field by hand",
            code="broken_file",
        )
    return None


def _string_args(call: cst.Call) -> list[str] | None:
    """The positional string arguments of `call`, None if one is not a plain string."""
    out: list[str] = []
    for arg in call.args:
        if arg.keyword is not None:
            continue
        if arg.star or not isinstance(arg.value, cst.SimpleString):
            return None
        value = arg.value.evaluated_value
        if not isinstance(value, str):
            return None
        out.append(value)
    return out


def _keyword(call: cst.Call, name: str) -> str | None:
    for arg in call.args:
        if (
            arg.keyword is not None
            and arg.keyword.value == name
            and isinstance(arg.value, cst.SimpleString)
            and isinstance(arg.value.evaluated_value, str)
        ):
            return arg.value.evaluated_value
    return None


def _arg_key(element: cst.BaseElement) -> tuple[str, ...] | None:
    """What identifies a `__table_args__` element, as `ModelArg.key` spells it:
    `UniqueConstraint("user_id", "sku")` -> ("unique", "sku"); `Index("ix_t_a", ...)` ->
    ("index", "ix_t_a"); `CheckConstraint(..., name="a_min")[.ddl_if(dialect="sqlite")]` ->
    ("check", "a_min", "sqlite" or ""). None for anything else (the user's own)."""
    call = element.value
    dialect = ""
    if (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "ddl_if"
        and isinstance(call.func.value, cst.Call)
    ):
        dialect = _keyword(call, "dialect") or ""
        call = call.func.value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
        return None
    kind, strings = call.func.value, _string_args(call)
    if strings is None:
        return None
    if kind == "UniqueConstraint" and len(strings) >= 2 and strings[0] == "user_id":
        return ("unique", *strings[1:])
    if kind == "Index" and strings:
        return ("index", strings[0])
    if kind == "CheckConstraint" and (name := _keyword(call, "name")) is not None:
        return ("check", name, dialect)
    return None


def _arg_class(arg: ModelArg) -> str:
    return {"unique": "UniqueConstraint", "index": "Index", "check": "CheckConstraint"}[arg.key[0]]


def _element(code: str) -> cst.Element:
    """A new tuple element, with a trailing comma: ruff then lays out the tuple one element a
    line, as crud's template writes it."""
    parsed = cst.parse_expression(f"({code},)")
    assert isinstance(parsed, cst.Tuple)
    element = parsed.elements[0]
    assert isinstance(element, cst.Element)
    return element


def _spaced(elements: Sequence[cst.BaseElement]) -> list[cst.BaseElement]:
    """`elements` each with a comma, and a space after each comma inside the tuple."""
    out = []
    for position, element in enumerate(elements):
        comma = element.comma if isinstance(element.comma, cst.Comma) else cst.Comma()
        last = position == len(elements) - 1
        after = comma.whitespace_after
        if not last and isinstance(after, cst.SimpleWhitespace) and not after.value:
            comma = comma.with_changes(whitespace_after=cst.SimpleWhitespace(" "))
        out.append(element.with_changes(comma=comma))
    return out


def _set_table_args(
    node: cst.ClassDef, path: str, elements: Sequence[cst.BaseElement]
) -> cst.ClassDef:
    """`__table_args__` with `elements` (kept ones keep their comments); none drops it."""
    members = _members(node)
    found = _table_args(node, path)
    if found is None:
        if not elements:
            return node
        tablename = next(
            (i for i, s in enumerate(members) if _assigns(s, "__tablename__")), len(members) - 1
        )
        statement = cst.parse_statement("__table_args__ = ()\n")
        assert isinstance(statement, cst.SimpleStatementLine)
        members.insert(tablename + 1, statement)
        node = _set_members(node, members)
        found = _table_args(node, path)
        assert found is not None
        members = _members(node)
    index, value = found
    statement = members[index]
    if not elements:
        members.pop(index)
        return _set_members(node, members)
    assert isinstance(statement, cst.SimpleStatementLine)
    assign = statement.body[0]
    assert isinstance(assign, cst.Assign)
    tuple_ = value.with_changes(elements=_spaced(elements))
    members[index] = statement.with_changes(body=[assign.with_changes(value=tuple_)])
    return _set_members(node, members)


def _assigns(statement: cst.BaseStatement, name: str) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else []
        if isinstance(small, cst.AnnAssign):
            targets = [small.target]
        if any(isinstance(t, cst.Name) and t.value == name for t in targets):
            return True
    return False


def _table_arg_elements(node: cst.ClassDef, path: str) -> list[cst.BaseElement]:
    found = _table_args(node, path)
    return list(found[1].elements) if found else []


def _add_args(
    node: cst.ClassDef, path: str, mine: Sequence[ModelArg], order: Sequence[ModelArg]
) -> cst.ClassDef:
    """`mine` added to `__table_args__`, each after the element that comes before it in
    `order` (the whole table's, as crud writes it), or first when none of those is there."""
    elements = _table_arg_elements(node, path)
    keys = [_arg_key(e) for e in elements]
    position = {arg.key: i for i, arg in enumerate(order)}
    changed = False
    for arg in mine:
        if arg.key in keys:
            continue
        before = [a.key for a in order[: position.get(arg.key, len(order))]]
        at = max((keys.index(k) + 1 for k in before if k in keys), default=0)
        elements.insert(at, _element(arg.code))
        keys.insert(at, arg.key)
        changed = True
    if not changed:
        return node
    return _set_table_args(node, path, elements)


def _drop_args(node: cst.ClassDef, path: str, keys: set[tuple[str, ...]]) -> cst.ClassDef:
    elements = _table_arg_elements(node, path)
    kept = [e for e in elements if _arg_key(e) not in keys]
    if len(kept) == len(elements):
        return node
    return _set_table_args(node, path, kept)


def _replace_args(
    node: cst.ClassDef, path: str, pairs: dict[tuple[str, ...], ModelArg]
) -> cst.ClassDef:
    elements = _table_arg_elements(node, path)
    if not any(_arg_key(e) in pairs for e in elements):
        return node
    replaced = []
    for element in elements:
        key = _arg_key(element)
        if key in pairs:
            # The new code in the old element's place, with the old element's comma (and the
            # comment that may follow it).
            element = element.with_changes(value=_element(pairs[key].code).value)
        replaced.append(element)
    return _set_table_args(node, path, replaced)


# --- the not-null validator ----------------------------------------------------------------
# Update schemas generated before their annotations refused null kept the required fields'
# names in a validator; a rename or a removal keeps that list in step.


def _validator_index(node: cst.ClassDef) -> tuple[int, list[str]] | None:
    """The Update class's `_required_fields_are_not_null` method and the names it checks."""
    for index, statement in enumerate(_members(node)):
        if not (
            isinstance(statement, cst.FunctionDef)
            and statement.name.value == "_required_fields_are_not_null"
        ):
            continue
        for inner in statement.body.body:
            if isinstance(inner, cst.For) and isinstance(inner.iter, cst.Tuple):
                names = [
                    e.value.evaluated_value
                    for e in inner.iter.elements
                    if isinstance(e.value, cst.SimpleString)
                    and isinstance(e.value.evaluated_value, str)
                ]
                return index, names
    return None


def _set_validator_names(node: cst.ClassDef, names: list[str]) -> cst.ClassDef:
    members = _members(node)
    found = _validator_index(node)
    literal = ", ".join(f'"{n}"' for n in names) + ", "
    if found is None:
        return node
    index, _ = found
    if not names:
        members.pop(index)
        return _set_members(node, members)
    method = members[index]
    assert isinstance(method, cst.FunctionDef)
    body = [
        s.with_changes(iter=cst.parse_expression(f"({literal})"))
        if isinstance(s, cst.For) and isinstance(s.iter, cst.Tuple)
        else s
        for s in method.body.body
    ]
    members[index] = method.with_changes(body=method.body.with_changes(body=body))
    return _set_members(node, members)


def _validator_remove(node: cst.ClassDef, name: str) -> cst.ClassDef:
    found = _validator_index(node)
    if found is None or name not in found[1]:
        return node
    return _set_validator_names(node, [n for n in found[1] if n != name])


def _validator_rename(node: cst.ClassDef, old: str, new: str) -> cst.ClassDef:
    found = _validator_index(node)
    if found is None or old not in found[1]:
        return node
    return _set_validator_names(node, [new if n == old else n for n in found[1]])


# --- imports ---------------------------------------------------------------------------------


def _bound_names(tree: cst.Module) -> set[str]:
    """Names the module's top-level imports bind."""
    bound: set[str] = set()
    for statement in tree.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import | cst.ImportFrom) and not isinstance(
                small.names, cst.ImportStar
            ):
                for alias in small.names:
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        bound.add(alias.asname.name.value)
                    else:
                        bound.add(cst.Module([]).code_for_node(alias.name).split(".")[0])
    return bound


def _add_imports(tree: cst.Module, needs: list[tuple[str, str | None]]) -> cst.Module:
    """Add the imports in `needs` that bind a name not bound yet, after the last import.

    ruff (which every edited file goes through) then sorts and merges them.
    """
    bound = _bound_names(tree)
    lines: list[str] = []
    for module, name in needs:
        if name is None:  # import sqlalchemy as sa
            if "sa" not in bound:
                lines.append(f"import {module} as sa")
                bound.add("sa")
        elif name not in bound:
            lines.append(f"from {module} import {name}")
            bound.add(name)
    if not lines:
        return tree
    body = list(tree.body)
    imports = [
        i
        for i, s in enumerate(body)
        if isinstance(s, cst.SimpleStatementLine)
        and any(isinstance(small, cst.Import | cst.ImportFrom) for small in s.body)
    ]
    position = imports[-1] + 1 if imports else 1
    for offset, line in enumerate(lines):
        body.insert(position + offset, cst.parse_statement(line + "\n"))
    return tree.with_changes(body=body)
