"""One walk over a module's AST that every rule shares.

Parsing and walking dominate a lint run, so the engine parses a file once with the stdlib `ast`
module and walks it once, here. The walk records what stateless rules ask about: scopes and the
names each binds, functions and classes, calls, and every mutation (item assignment, attribute
assignment, augmented assignment, a call to a mutating method). Rules then query this index
instead of walking the tree again.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

ScopeKind = Literal["module", "class", "function", "comprehension"]
MutationKind = Literal["setitem", "delitem", "method", "setattr", "delattr", "augassign"]
BindingKind = Literal["local", "enclosing", "module", "class", "builtin"]

# Methods that change the container they are called on (list, dict, set, deque, Counter, queue).
MUTATING_METHODS = frozenset(
    {
        "append",
        "appendleft",
        "extend",
        "extendleft",
        "insert",
        "remove",
        "pop",
        "popleft",
        "popitem",
        "clear",
        "update",
        "setdefault",
        "add",
        "discard",
        "difference_update",
        "intersection_update",
        "symmetric_difference_update",
        "move_to_end",
        "subtract",
        "rotate",
        "sort",
        "reverse",
        "put",
        "put_nowait",
        "__setitem__",
        "__delitem__",
    }
)

_FUNCTION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


@dataclass(slots=True, eq=False)
class Scope:
    """A Python scope: the names it binds and the names it declares global or nonlocal."""

    kind: ScopeKind
    node: ast.AST
    parent: Scope | None
    locals: set[str] = field(default_factory=set)
    globals: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)
    # Every binding site by name, to point findings at the rebinding itself.
    stores: dict[str, list[ast.AST]] = field(default_factory=dict)
    # In functions: the values assigned to plain names (`x = value`), for alias questions.
    values: dict[str, list[ast.expr]] = field(default_factory=dict)
    function: FunctionInfo | None = None

    def bind(self, name: str, node: ast.AST) -> None:
        """Record that `name` is bound in this scope at `node`."""
        self.locals.add(name)
        sites = self.stores.get(name)
        if sites is None:
            self.stores[name] = [node]
        else:
            sites.append(node)

    def enclosing_function(self) -> FunctionInfo | None:
        """The function this scope belongs to (comprehensions belong to their function)."""
        scope: Scope | None = self
        while scope is not None:
            if scope.kind == "function":
                return scope.function
            if scope.kind != "comprehension":
                return None
            scope = scope.parent
        return None


@dataclass(slots=True, eq=False)
class FunctionInfo:
    """A function, method or lambda, with its own scope and where it is defined."""

    node: FunctionNode
    name: str
    scope: Scope
    outer: Scope
    cls: ClassInfo | None
    params: list[ast.arg]
    defaults: list[tuple[ast.arg, ast.expr]]
    decorators: list[ast.expr]
    # Per-function results rules derive from its body, computed once.
    memo: dict[str, object] = field(default_factory=dict)

    def outer_function(self) -> FunctionInfo | None:
        """The function this one is nested in, if any (methods of a nested class included)."""
        scope: Scope | None = self.outer
        while scope is not None and scope.kind != "function":
            scope = scope.parent
        return scope.function if scope is not None else None


@dataclass(slots=True, eq=False)
class ClassInfo:
    """A class with its class-level attributes and its methods."""

    node: ast.ClassDef
    name: str
    scope: Scope
    outer: Scope
    attrs: dict[str, ast.expr | None] = field(default_factory=dict)
    methods: dict[str, FunctionInfo] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Mutation:
    """An in-place change of some object: `x[k] = v`, `x.a = v`, `x += v`, `x.append(v)`."""

    kind: MutationKind
    target: ast.expr
    node: ast.AST
    scope: Scope
    attr: str = ""


@dataclass(slots=True, eq=False)
class ModuleIndex:
    """Everything the walk learned about one module."""

    tree: ast.Module
    module_scope: Scope
    imports: dict[str, str] = field(default_factory=dict)
    module_values: dict[str, list[ast.expr]] = field(default_factory=dict)
    functions: list[FunctionInfo] = field(default_factory=list)
    classes: list[ClassInfo] = field(default_factory=list)
    mutations: list[Mutation] = field(default_factory=list)
    calls: list[tuple[ast.Call, Scope]] = field(default_factory=list)
    declarations: list[tuple[ast.Global | ast.Nonlocal, Scope]] = field(default_factory=list)
    returns: list[tuple[ast.Return, Scope]] = field(default_factory=list)
    # Per-module results that several rules derive from the index, computed once.
    memo: dict[str, object] = field(default_factory=dict)

    @property
    def module_classes(self) -> dict[str, ClassInfo]:
        """Classes defined at module level, by name (the last definition wins, as at runtime)."""
        return {info.name: info for info in self.classes if info.outer.kind == "module"}

    def qualname(self, expr: ast.AST) -> str | None:
        """The dotted name an expression refers to, with imports resolved.

        `dd` after `from collections import defaultdict as dd` is `collections.defaultdict`;
        `np.zeros` after `import numpy as np` is `numpy.zeros`. Anything but a name or an
        attribute chain gives None.
        """
        written = dotted_name(expr)
        if written is None:
            return None
        head, dot, tail = written.partition(".")
        return f"{self.imports.get(head, head)}{dot}{tail}"

    def resolve(self, name: str, scope: Scope) -> tuple[BindingKind, Scope | None]:
        """Where a name used in `scope` is bound, following Python's scoping rules.

        Class bodies are skipped for code nested in them, as at runtime; comprehensions are
        transparent for names they do not bind.
        """
        current: Scope | None = scope
        innermost = True
        while current is not None:
            kind = current.kind
            if kind == "module":
                if name in current.locals:
                    return "module", current
                return "builtin", None
            if kind == "class":
                if innermost and name in current.locals:
                    return "class", current
            elif name in current.globals:
                owner = self.module_scope
                return ("module", owner) if name in owner.locals else ("builtin", None)
            elif name not in current.nonlocals and name in current.locals:
                return ("local" if innermost else "enclosing"), current
            if kind != "comprehension":
                innermost = False
            current = current.parent
        return "builtin", None  # pragma: no cover - the chain always ends at the module


def dotted_name(expr: ast.AST) -> str | None:
    """`a.b.c` as written (no import expansion); None for anything but names and attributes."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    parts.reverse()
    return ".".join(parts)


def build_index(tree: ast.Module) -> ModuleIndex:
    """Walk `tree` once and return its index."""
    module_scope = Scope("module", tree, None)
    index = ModuleIndex(tree=tree, module_scope=module_scope)
    _Walker(index).run(tree)
    return index


class _Walker:
    """The single iterative walk; an explicit stack keeps it flat and fast."""

    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self.stack: list[tuple[ast.AST, Scope]] = []
        self.class_of_scope: dict[int, ClassInfo] = {}

    def run(self, tree: ast.Module) -> None:
        scope = self.index.module_scope
        stack = self.stack
        for statement in reversed(tree.body):
            stack.append((statement, scope))
        index = self.index
        mutations = index.mutations
        calls = index.calls
        # The hot loop dispatches on `type(node) is ...`, measurably faster than isinstance()
        # over millions of nodes; mypy cannot narrow on it, hence the `type: ignore`s below.
        while stack:
            node, scope = stack.pop()
            node_type = type(node)
            if node_type is ast.Name:
                ctx = type(node.ctx)  # type: ignore[attr-defined]
                if ctx is not ast.Load:
                    scope.bind(node.id, node)  # type: ignore[attr-defined]
                continue
            if node_type is ast.Attribute:
                ctx = type(node.ctx)  # type: ignore[attr-defined]
                if ctx is not ast.Load:
                    kind: MutationKind = "setattr" if ctx is ast.Store else "delattr"
                    mutations.append(Mutation(kind, node.value, node, scope, node.attr))  # type: ignore[attr-defined]
                stack.append((node.value, scope))  # type: ignore[attr-defined]
                continue
            if node_type is ast.Call:
                calls.append((node, scope))  # type: ignore[arg-type]
                self._call(node, scope)  # type: ignore[arg-type]
            elif node_type is ast.Subscript:
                ctx = type(node.ctx)  # type: ignore[attr-defined]
                if ctx is not ast.Load:
                    item_kind: MutationKind = "setitem" if ctx is ast.Store else "delitem"
                    mutations.append(Mutation(item_kind, node.value, node, scope))  # type: ignore[attr-defined]
            elif node_type is ast.Constant:
                continue
            elif node_type in _FUNCTION_TYPES:
                self._function(node, scope)  # type: ignore[arg-type]
                continue
            elif node_type is ast.ClassDef:
                self._class(node, scope)  # type: ignore[arg-type]
                continue
            elif node_type is ast.Lambda:
                self._lambda(node, scope)  # type: ignore[arg-type]
                continue
            elif node_type in _COMPREHENSIONS:
                scope = Scope("comprehension", node, scope)
            elif node_type is ast.Assign or node_type is ast.AnnAssign:
                self._assign(node, scope)  # type: ignore[arg-type]
            elif node_type is ast.AugAssign:
                target = node.target  # type: ignore[attr-defined]
                if type(target) is ast.Name:
                    mutations.append(Mutation("augassign", target, node, scope))
            elif node_type is ast.Global:
                scope.globals.update(node.names)  # type: ignore[attr-defined]
                index.declarations.append((node, scope))  # type: ignore[arg-type]
                continue
            elif node_type is ast.Nonlocal:
                scope.nonlocals.update(node.names)  # type: ignore[attr-defined]
                index.declarations.append((node, scope))  # type: ignore[arg-type]
                continue
            elif node_type is ast.Import or node_type is ast.ImportFrom:
                self._import(node, scope)  # type: ignore[arg-type]
                continue
            elif node_type is ast.Return:
                index.returns.append((node, scope))  # type: ignore[arg-type]
            elif node_type is ast.ExceptHandler and node.name:  # type: ignore[attr-defined]
                scope.bind(node.name, node)  # type: ignore[attr-defined]
            self._push_children(node, scope)

    def _push_children(self, node: ast.AST, scope: Scope) -> None:
        stack = self.stack
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in reversed(value):
                    if isinstance(item, ast.AST):
                        stack.append((item, scope))
            elif isinstance(value, ast.AST):
                stack.append((value, scope))

    def _call(self, node: ast.Call, scope: Scope) -> None:
        func = node.func
        if type(func) is ast.Attribute:
            if func.attr in MUTATING_METHODS:
                self.index.mutations.append(Mutation("method", func.value, node, scope, func.attr))
        elif type(func) is ast.Name and func.id in ("setattr", "delattr") and node.args:
            attr = node.args[1] if len(node.args) > 1 else None
            name = attr.value if isinstance(attr, ast.Constant) and type(attr.value) is str else ""
            kind: MutationKind = "setattr" if func.id == "setattr" else "delattr"
            self.index.mutations.append(Mutation(kind, node.args[0], node, scope, name))

    def _assign(self, node: ast.Assign | ast.AnnAssign, scope: Scope) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value
        if scope.kind not in ("module", "class"):
            if value is not None and scope.kind == "function":
                for target in targets:
                    if type(target) is ast.Name:
                        scope.values.setdefault(target.id, []).append(value)
            return
        for target in targets:
            if type(target) is not ast.Name:
                continue
            if scope.kind == "module":
                if value is not None:
                    self.index.module_values.setdefault(target.id, []).append(value)
            else:
                info = self.class_of_scope.get(id(scope))
                if info is not None:
                    info.attrs[target.id] = value

    def _import(self, node: ast.Import | ast.ImportFrom, scope: Scope) -> None:
        imports = self.index.imports
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    imports[alias.asname] = alias.name
                    scope.bind(alias.asname, node)
                else:
                    top = alias.name.partition(".")[0]
                    imports.setdefault(top, top)
                    scope.bind(top, node)
            return
        module = ("." * node.level) + (node.module or "")
        for alias in node.names:
            local = alias.asname or alias.name
            # `from . import store` names `.store`; `from .db import store` names `.db.store`.
            joined = f"{module}.{alias.name}" if module.strip(".") else f"{module}{alias.name}"
            imports[local] = joined
            scope.bind(local, node)

    def _arguments(self, args: ast.arguments, scope: Scope) -> list[ast.arg]:
        params = [*args.posonlyargs, *args.args]
        if args.vararg is not None:
            params.append(args.vararg)
        params.extend(args.kwonlyargs)
        if args.kwarg is not None:
            params.append(args.kwarg)
        for param in params:
            scope.bind(param.arg, param)
        return params

    def _defaults(self, args: ast.arguments) -> list[tuple[ast.arg, ast.expr]]:
        positional = [*args.posonlyargs, *args.args]
        pairs = list(
            zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=False)
        )
        pairs.extend(
            (param, default)
            for param, default in zip(args.kwonlyargs, args.kw_defaults, strict=False)
            if default is not None
        )
        return pairs

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, outer: Scope) -> None:
        outer.bind(node.name, node)
        stack = self.stack
        # Decorators, defaults and annotations run in the enclosing scope.
        for expr in node.decorator_list:
            stack.append((expr, outer))
        self._push_children(node.args, outer)
        if node.returns is not None:
            stack.append((node.returns, outer))
        scope = Scope("function", node, outer)
        params = self._arguments(node.args, scope)
        info = FunctionInfo(
            node=node,
            name=node.name,
            scope=scope,
            outer=outer,
            cls=self.class_of_scope.get(id(outer)) if outer.kind == "class" else None,
            params=params,
            defaults=self._defaults(node.args),
            decorators=list(node.decorator_list),
        )
        scope.function = info
        self.index.functions.append(info)
        if info.cls is not None:
            info.cls.methods[node.name] = info
        for statement in reversed(node.body):
            stack.append((statement, scope))

    def _lambda(self, node: ast.Lambda, outer: Scope) -> None:
        self._push_children(node.args, outer)
        scope = Scope("function", node, outer)
        params = self._arguments(node.args, scope)
        info = FunctionInfo(node, "<lambda>", scope, outer, None, params, [], [])
        scope.function = info
        self.index.functions.append(info)
        self.stack.append((node.body, scope))

    def _class(self, node: ast.ClassDef, outer: Scope) -> None:
        outer.bind(node.name, node)
        stack = self.stack
        for expr in (*node.decorator_list, *node.bases, *node.keywords):
            stack.append((expr, outer))
        scope = Scope("class", node, outer)
        info = ClassInfo(node=node, name=node.name, scope=scope, outer=outer)
        self.class_of_scope[id(scope)] = info
        self.index.classes.append(info)
        for statement in reversed(node.body):
            stack.append((statement, scope))
