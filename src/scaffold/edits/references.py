"""Taking a resource's registration out of a file the user owns (app/main.py,
app/models/__init__.py), and finding the user's own code there that refers to the resource.

Only the statements scaffold wrote come out silently. Any other code that uses the resource
(its module imported again, its router included twice, its name used) is the user's: it is
reported with its line, for the plan to show as a conflict. The text returned has that code
taken out too, which is what `--force` writes: code left referring to a deleted module would
stop the file from importing at all. What goes is the smallest piece holding the reference:
the names an import binds from the module, else the statement holding it (a block whose
header or decorator holds it goes whole, an `elif` only its branch); a block left empty goes
with the statement that owns it, unless that has other branches (then it gets a `pass`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider


@dataclass(frozen=True)
class Reference:
    """A line of the user's that refers to the resource, and to what of it."""

    line: int  # 1-based, in the file as it was
    uses: str  # a name (`product_router`) or the module (`app.api.product`)


@dataclass(frozen=True)
class Unregistration:
    """A file with a resource's registration taken out.

    `code` is the file without scaffold's statements and, if there are `references`, without
    the user's code they name too (what --force writes).
    """

    code: str
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class Resource:
    """What of a resource a file may refer to."""

    module: str  # app.api.product
    names: frozenset[str]  # names scaffold's statements bind: product_router
    package: str  # the edited file's package, against which relative imports resolve


@dataclass(frozen=True)
class Own:
    """A top-level statement scaffold wrote; `carry`: its blank and comment lines above stay,
    above the next statement (an import that took over its block's heading gives it back)."""

    statement: cst.BaseStatement
    carry: bool


def unregister(
    tree: cst.Module, own: Sequence[Own], resource: Resource
) -> tuple[cst.Module, tuple[Reference, ...], frozenset[str]]:
    """`tree` without the `own` statements and the user's code that refers to `resource`;
    the references found; and the names the removed user imports bound."""
    finder = _Finder(resource, {id(o.statement) for o in own}, _bound_names(tree, resource))
    MetadataWrapper(tree, unsafe_skip_copy=True).visit(finder)
    remover = _Remover(finder.drop)
    carry = {id(o.statement): o.carry for o in own}
    body: list[cst.BaseStatement] = []
    carried: tuple[cst.EmptyLine, ...] = ()
    spacing: tuple[cst.EmptyLine, ...] = ()  # above a removed statement of the user's
    for statement in tree.body:
        if id(statement) in carry:
            if carry[id(statement)]:
                carried += tuple(statement.leading_lines)
            continue
        kept = statement.visit(remover) if finder.drop else statement
        if not isinstance(kept, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            # The comment right above it goes with it; the blank lines (and a heading above
            # them) go to the next statement, if that has none of its own.
            lines = tuple(statement.leading_lines)
            blanks = [i for i, line in enumerate(lines) if line.comment is None]
            spacing = spacing or (lines[: blanks[-1] + 1] if blanks else ())
            continue
        if spacing and not kept.leading_lines:
            kept = kept.with_changes(leading_lines=spacing)
        spacing = ()
        if carried:
            kept = kept.with_changes(leading_lines=carried + tuple(kept.leading_lines))
            carried = ()
        body.append(kept)
    footer = tuple(tree.footer)
    if any(line.comment for line in carried):  # scaffold's line was the last: its comment stays
        footer = carried + footer
    references = tuple(sorted(set(finder.references), key=lambda r: (r.line, r.uses)))
    edited = tree.with_changes(body=body, footer=footer)
    return edited, references, frozenset(finder.bound_removed)


def _refers_to(dotted: str | None, module: str) -> bool:
    return dotted is not None and (dotted == module or dotted.startswith(module + "."))


def _absolute(node: cst.ImportFrom, package: str) -> str | None:
    """The module a `from ... import` names, relative ones resolved against `package`."""
    name = get_full_name_for_node(node.module) if node.module is not None else None
    if not node.relative:
        return name
    parts = package.split(".")
    up = len(node.relative) - 1
    if up >= len(parts):
        return None
    base = parts[: len(parts) - up]
    return ".".join([*base, name] if name else base)


def _alias_name(alias: cst.ImportAlias) -> str:
    return get_full_name_for_node(alias.name) or ""


def _bound(alias: cst.ImportAlias) -> str | None:
    """The name an import alias binds, if it is one name (`import a.b` binds `a`: not ours)."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    name = _alias_name(alias)
    return name if "." not in name else None


def _from_aliases(
    node: cst.ImportFrom, resource: Resource, names: frozenset[str]
) -> tuple[bool, list[tuple[cst.ImportAlias, str]]]:
    """Whether a `from` import is of the resource's module as a whole, and otherwise which of
    its names refer to the resource (a submodule of it, or a name in `names`), with what."""
    module = _absolute(node, resource.package)
    if _refers_to(module, resource.module):
        return True, []
    if isinstance(node.names, cst.ImportStar):
        return False, []
    hits = []
    for alias in node.names:
        bound = _bound(alias)
        if module is not None and _refers_to(f"{module}.{_alias_name(alias)}", resource.module):
            hits.append((alias, resource.module))
        elif bound is not None and bound in names:
            hits.append((alias, bound))
    return False, hits


def _import_aliases(
    node: cst.Import, resource: Resource, names: frozenset[str]
) -> list[tuple[cst.ImportAlias, str]]:
    """The names of an `import` that refer to the resource, with what."""
    hits = []
    for alias in node.names:
        bound = _bound(alias)
        if _refers_to(_alias_name(alias), resource.module):
            hits.append((alias, resource.module))
        elif bound is not None and bound in names:
            hits.append((alias, bound))
    return hits


def _bound_names(tree: cst.Module, resource: Resource) -> frozenset[str]:
    """Names the file's imports bind from the resource's module: uses of those refer to it."""
    collector = _ImportCollector(resource)
    tree.visit(collector)
    return frozenset(collector.bound)


class _ImportCollector(cst.CSTVisitor):
    def __init__(self, resource: Resource) -> None:
        super().__init__()
        self.resource = resource
        self.bound: set[str] = set()

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        whole, hits = _from_aliases(node, self.resource, frozenset())
        aliases = [alias for alias, _ in hits]
        if whole and not isinstance(node.names, cst.ImportStar):
            aliases = list(node.names)
        self.bound.update(name for alias in aliases if (name := _bound(alias)) is not None)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        hits = _import_aliases(node, self.resource, frozenset())
        self.bound.update(name for alias, _ in hits if (name := _bound(alias)) is not None)
        return False


_Statement = cst.BaseSmallStatement | cst.BaseCompoundStatement


class _Finder(cst.CSTVisitor):
    """Collects the references outside scaffold's statements, and the nodes whose removal
    takes them out."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, resource: Resource, own: set[int], imported: frozenset[str]) -> None:
        super().__init__()
        self.resource = resource
        self.names = resource.names | imported
        self.own = own
        self.references: list[Reference] = []
        self.drop: set[int] = set()  # ids of statements and import aliases to remove
        self.bound_removed: set[str] = set()
        self._statements: list[_Statement] = []
        self._not_uses: set[int] = set()  # attribute and keyword names: not a use of a name

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _found(self, node: cst.CSTNode, uses: str, removed: cst.CSTNode | None = None) -> None:
        self.references.append(Reference(self._line(node), uses))
        target = removed if removed is not None else self._statements[-1]
        self.drop.add(id(target))

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.SimpleStatementLine) and id(node) in self.own:
            return False
        if isinstance(node, cst.BaseSmallStatement | cst.BaseCompoundStatement):
            self._statements.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        if self._statements and self._statements[-1] is original_node:
            self._statements.pop()

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        whole, hits = _from_aliases(node, self.resource, self.names)
        if whole:
            self._found(node, self.resource.module, node)
            if not isinstance(node.names, cst.ImportStar):
                self._removed_bindings(node.names)
        elif not isinstance(node.names, cst.ImportStar):
            self._drop_aliases(node, node.names, hits)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        self._drop_aliases(node, node.names, _import_aliases(node, self.resource, self.names))
        return False

    def _drop_aliases(
        self,
        node: cst.Import | cst.ImportFrom,
        names: Sequence[cst.ImportAlias],
        hits: list[tuple[cst.ImportAlias, str]],
    ) -> None:
        for alias, uses in hits:
            self._found(alias, uses, node if len(hits) == len(names) else alias)
        self._removed_bindings(alias for alias, _ in hits)

    def _removed_bindings(self, aliases: Iterable[cst.ImportAlias]) -> None:
        self.bound_removed.update(name for a in aliases if (name := _bound(a)) is not None)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self._not_uses.add(id(node.attr))
        if _refers_to(get_full_name_for_node(node), self.resource.module):
            self._found(node, self.resource.module)
            return False
        return True

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._not_uses.add(id(node.keyword))

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names and id(node) not in self._not_uses and self._statements:
            self._found(node, node.value)


class _Remover(cst.CSTTransformer):
    """Removes the statements and aliases `drop` names (by id), and what their removal
    leaves empty."""

    def __init__(self, drop: set[int]) -> None:
        super().__init__()
        self.drop = drop
        self._emptied: set[int] = set()  # ids of blocks left empty (given a `pass`)
        self._elifs: set[int] = set()  # an `elif` is not a statement of its own to remove

    def visit_If(self, node: cst.If) -> None:
        if isinstance(node.orelse, cst.If):
            self._elifs.add(id(node.orelse))

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> cst.CSTNodeT | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNodeT]:
        if id(original_node) in self.drop:
            if isinstance(updated_node, cst.If) and id(original_node) in self._elifs:
                # An `elif` whose condition uses it: that branch goes, those after it stay.
                rest = updated_node.orelse
                return cst.RemoveFromParent() if rest is None else cast(cst.CSTNodeT, rest)
            return cst.RemoveFromParent()
        result = super().on_leave(original_node, updated_node)
        if (
            isinstance(result, cst.BaseCompoundStatement)
            and id(result.body) in self._emptied
            and id(original_node) not in self._elifs
            and not _other_branches(result)
        ):
            return cst.RemoveFromParent()
        return result

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        names, before = updated_node.names, original_node.names
        if isinstance(names, cst.ImportStar) or isinstance(before, cst.ImportStar):
            return updated_node
        if len(names) == len(before) or updated_node.rpar is not None:
            return updated_node
        return updated_node.with_changes(names=_without_trailing_comma(names))

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        if len(updated_node.names) == len(original_node.names):
            return updated_node
        return updated_node.with_changes(names=_without_trailing_comma(updated_node.names))

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if not updated_node.body:
            return cst.RemoveFromParent()
        if len(updated_node.body) == len(original_node.body):
            return updated_node
        return updated_node.with_changes(body=_without_trailing_semicolon(updated_node.body))

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.SimpleStatementSuite:
        if not updated_node.body:
            suite = updated_node.with_changes(body=[cst.Pass()])
            self._emptied.add(id(suite))
            return suite
        if len(updated_node.body) == len(original_node.body):
            return updated_node
        return updated_node.with_changes(body=_without_trailing_semicolon(updated_node.body))

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if updated_node.body:
            return updated_node
        block = updated_node.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
        self._emptied.add(id(block))
        return block


def _other_branches(statement: cst.BaseCompoundStatement) -> bool:
    """Whether a block has `elif`/`else`/`except`/`finally` parts, which keep it (with a
    `pass`) when its body empties."""
    return any(getattr(statement, part, None) for part in ("orelse", "handlers", "finalbody"))


def _without_trailing_comma(names: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias]:
    # An unparenthesized `import a, b` that lost `b` must not end in `a,`.
    aliases = list(names)
    if aliases and isinstance(aliases[-1].comma, cst.Comma):
        aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return aliases


def _without_trailing_semicolon(
    body: Sequence[cst.BaseSmallStatement],
) -> list[cst.BaseSmallStatement]:
    smalls = list(body)
    if smalls and isinstance(smalls[-1].semicolon, cst.Semicolon):
        smalls[-1] = smalls[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    return smalls
