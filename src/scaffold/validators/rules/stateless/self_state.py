"""Which methods of a class change `self` after the object is built.

Shared by SA104 (a module-level instance of such a class), by the project index (the same
question for classes defined in another module) and by SA111 (middleware). Changing `self` in
initialisation, in the attribute, descriptor and context protocols, in property setters, behind
a lazy-creation guard, or in a helper that only initialisation calls is how objects are built,
not state a request leaves behind.
"""

from __future__ import annotations

import ast

from scaffold.validators.ast_index import ClassInfo, FunctionInfo, ModuleIndex, Mutation
from scaffold.validators.rules.stateless import patterns
from scaffold.validators.rules.stateless.class_state import INIT_METHODS

NOT_MUTATORS = INIT_METHODS | frozenset(
    {
        "__getattr__",
        "__getattribute__",
        "__setattr__",
        "__delattr__",
        "__get__",
        "__set__",
        "__delete__",
        "__set_name__",
        "__enter__",
        "__exit__",
        "__aenter__",
        "__aexit__",
        "__del__",
        "__setstate__",
        "__getstate__",
        "__reduce__",
        "__copy__",
        "__deepcopy__",
    }
)
_MAX_BASES = 10


def mutating_methods(
    info: ClassInfo, module: ModuleIndex, classes: dict[str, ClassInfo] | None = None
) -> dict[str, ast.AST]:
    """Methods (with the first offending node) that change `self` outside initialisation.

    Base classes defined in the same module are followed; bases in other modules are the
    project index's job.
    """
    memo = module.memo.setdefault("mutating_methods", {})
    assert isinstance(memo, dict)
    cached = memo.get(id(info))
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found = _mutating_methods(info, module, classes or module.module_classes, 0)
    memo[id(info)] = found
    return found


def _mutating_methods(
    info: ClassInfo, module: ModuleIndex, classes: dict[str, ClassInfo], depth: int
) -> dict[str, ast.AST]:
    found: dict[str, ast.AST] = {}
    init_only = init_helpers(info, module)
    for method, mutation in _mutations_by_class(module).get(id(info), ()):
        if method.name in NOT_MUTATORS or not method.params:
            continue
        if method.name in init_only or is_property_setter(method):
            continue
        if method.name in found or patterns.is_setup_function(method, module):
            continue
        self_name = method.params[0].arg
        if mutation.kind == "augassign":
            continue
        root = patterns.root_name(mutation.target)
        if root is None:
            continue
        if root.id != self_name and root.id not in _self_aliases(mutation, self_name):
            continue
        if _is_cache(mutation):
            continue
        function = mutation.scope.enclosing_function()
        if mutation.kind in ("setattr", "delattr") and isinstance(mutation.target, ast.Name):
            test = ast.dump(
                ast.Attribute(
                    value=ast.Name(id=self_name, ctx=ast.Load()), attr=mutation.attr, ctx=ast.Load()
                )
            )
            if function is not None and patterns.lazy_init_guard(mutation.node, test, function):
                continue
        found[method.name] = mutation.node
    if depth < _MAX_BASES:
        for base in info.node.bases:
            if isinstance(base, ast.Name) and base.id in classes and base.id != info.name:
                inherited = _mutating_methods(classes[base.id], module, classes, depth + 1)
                for name, node in inherited.items():
                    found.setdefault(name, node)
    return found


def _is_cache(mutation: Mutation) -> bool:
    """`self._cache[key] = value`: a memo other instances rebuild for themselves, not state.

    Also `self.db_session.add(row)`: a change made through a connection to a shared store.
    """
    names = patterns.attribute_chain(mutation.target)
    if mutation.kind in ("setattr", "delattr"):
        names = [*names, mutation.attr]
    if mutation.kind == "method" and names and patterns.is_connection_name(names[-1]):
        return True
    return any("cache" in name.lower() for name in names)


def self_calls(info: ClassInfo, module: ModuleIndex) -> dict[str, set[str]]:
    """Method name -> the methods it calls through `self` (for the closure over callers)."""
    calls: dict[str, set[str]] = {}
    for callee, callers in _self_calls(module).get(id(info), {}).items():
        for caller in callers:
            calls.setdefault(caller, set()).add(callee)
    return calls


def _method_of(function: FunctionInfo | None) -> FunctionInfo | None:
    """The method a function is (or is nested in)."""
    while function is not None and function.cls is None:
        function = function.outer_function()
    return function


def _mutations_by_class(module: ModuleIndex) -> dict[int, list[tuple[FunctionInfo, Mutation]]]:
    """Every mutation inside a method, grouped by the method's class (one pass per module)."""
    cached = module.memo.get("mutations_by_class")
    if isinstance(cached, dict):
        return cached
    grouped: dict[int, list[tuple[FunctionInfo, Mutation]]] = {}
    for mutation in module.mutations:
        method = _method_of(mutation.scope.enclosing_function())
        if method is not None and method.cls is not None:
            grouped.setdefault(id(method.cls), []).append((method, mutation))
    module.memo["mutations_by_class"] = grouped
    return grouped


def _self_calls(module: ModuleIndex) -> dict[int, dict[str, set[str]]]:
    """Per class: method name -> the methods calling it through their first parameter."""
    cached = module.memo.get("self_calls")
    if isinstance(cached, dict):
        return cached
    grouped: dict[int, dict[str, set[str]]] = {}
    for call, scope in module.calls:
        func = call.func
        if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
            continue
        method = _method_of(scope.enclosing_function())
        if method is None or method.cls is None or not method.params:
            continue
        if func.value.id == method.params[0].arg:
            callers = grouped.setdefault(id(method.cls), {})
            callers.setdefault(func.attr, set()).add(method.name)
    module.memo["self_calls"] = grouped
    return grouped


# `history = self.turns.get(key)`: the value is still the object's own data.
_VIEW_METHODS = frozenset({"get", "setdefault"})


def _self_aliases(mutation: Mutation, self_name: str) -> frozenset[str]:
    """Local names bound to part of `self`: `turns = self.turns[key]`, `self.turns.get(key)`."""
    function = mutation.scope.enclosing_function()
    if function is None:
        return frozenset()
    names: set[str] = set()
    for name, values in function.scope.values.items():
        for value in values:
            if (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr in _VIEW_METHODS
            ):
                value = value.func.value
            if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Slice):
                continue  # `self.items[:]` is a copy
            if isinstance(value, ast.Attribute | ast.Subscript):
                root = patterns.root_name(value)
                if root is not None and root.id == self_name:
                    names.add(name)
    return frozenset(names)


def init_helpers(info: ClassInfo, module: ModuleIndex) -> frozenset[str]:
    """Methods called through `self` only from initialisation (directly or through each other).

    `def __init__(self): self._load()` with `_load` filling `self._table` builds the object;
    the table is read-only afterwards. A helper also called from any other method is not one.
    """
    callers = {
        name: by
        for name, by in _self_calls(module).get(id(info), {}).items()
        if name in info.methods
    }
    helpers: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, by in callers.items():
            if name in helpers or name in INIT_METHODS:
                continue
            if by and all(caller in INIT_METHODS or caller in helpers for caller in by):
                helpers.add(name)
                changed = True
    return frozenset(helpers)


def is_property_setter(method: FunctionInfo) -> bool:
    """`@x.setter` methods, and the setters of `x = property(get, set)`."""
    if any(
        isinstance(decorator, ast.Attribute) and decorator.attr in ("setter", "deleter")
        for decorator in method.decorators
    ):
        return True
    if method.cls is None:
        return False
    for value in method.cls.attrs.values():
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "property"
        ):
            accessors = [*value.args[1:], *(k.value for k in value.keywords if k.arg != "fget")]
            if any(isinstance(a, ast.Name) and a.id == method.name for a in accessors):
                return True
    return False
