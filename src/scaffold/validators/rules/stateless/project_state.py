"""Questions the stateless rules ask the project index, and the answers to their requirements.

A rule that cannot decide from one file (is the `MemoryStore` imported from `app.stores`
stateful?) reports a finding with requirements: `["callable", ref]` (the class or factory `ref`
builds an object that changes its own state), `["instance", ref, name]` (the module-level
`name = ref(...)` is such an object and is used as one), `["callers", name]` (the function
`name` is called while requests are served, or by nobody the project shows), `["served"]`
(the module may run in a server: see `is_served`). The run answers them once every file's facts
are known; an answer fills the message's `{placeholders}`, no answer drops the finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scaffold.validators.project.index import ProjectIndex, Symbol, is_test_path
from scaffold.validators.rules.stateless.facts import (
    AT_REQUEST,
    IN_TESTS,
    NOT_SERVING,
    SERVER_CLASS_NAMES,
)
from scaffold.validators.rules.stateless.known_memories import KNOWN_MEMORIES

KNOWN_MEMORY_NAMES = frozenset(memory.name for memory in KNOWN_MEMORIES)

_MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class ObjectState:
    """A class whose instances change their own state, and how."""

    cls: str
    path: str
    # The methods that change it; None when it holds a stateful object (any method may).
    methods: frozenset[str] | None
    method: str
    # The methods the project defines for it; others come from a library base class and may
    # dispatch to the changing ones (ChatKit's `process()` calls the project's `respond()`).
    defined: frozenset[str] = frozenset()


def answer(index: ProjectIndex, path: str, requirement: list[Any]) -> dict[str, str] | None:
    """Placeholders for the message when `requirement` holds for `path`, else None."""
    kind = requirement[0]
    if kind == "callable":
        state = callable_state(index, path, str(requirement[1]))
        if state is None:
            return None
        configured = requirement[2] if len(requirement) > 2 else ()
        if state.methods is not None and state.methods.intersection(configured):
            return None  # filled by the setup code that creates it: a table, not a store
        return _described(state)
    if kind == "instance":
        state = callable_state(index, path, str(requirement[1]))
        if state is None or not _used_statefully(index, Symbol(path, str(requirement[2])), state):
            return None
        return _described(state)
    if kind == "callers":
        key = (path, str(requirement[1]))
        mask = usage(index).get(key, {}).get("")
        if mask is None and index.add_tests(key[1]):
            index.memo.pop("usage", None)  # the test modules call names too
            mask = usage(index).get(key, {}).get("")
        if mask is not None and not mask & ~NOT_SERVING:
            return None
        return {}
    if kind == "shared":
        return _shared_value(index, path, str(requirement[1]), requirement[2] == "call")
    if kind == "served":
        return {} if is_served(index, path) else None
    return None  # pragma: no cover - every rule's requirements are listed above


def _shared_value(
    index: ProjectIndex, path: str, ref: str, method_call: bool
) -> dict[str, str] | None:
    """A container or project object defined at module level elsewhere, changed from `path`."""
    symbol = index.lookup(path, ref)
    if symbol is None or symbol.path == path:
        return None
    facts = index.facts(symbol.path)
    if facts.get("names", {}).get(symbol.name) != "v":
        return None
    described = {"name": symbol.name, "where": symbol.path}
    container = facts.get("containers", {}).get(symbol.name)
    if container is not None:
        return {**described, "kind": container}
    built_by = facts.get("values", {}).get(symbol.name)
    if built_by is None or method_call:
        return None  # a method of an object: rule SA104 decides from what the method does
    target = index.lookup(symbol.path, built_by)
    if target is None or target.rest:
        return None
    entry = index.facts(target.path).get("classes", {}).get(target.name, {})
    if index.facts(target.path).get("names", {}).get(target.name) != "c" or entry.get("config"):
        return None
    return {**described, "kind": f"`{target.name}` object"}


def _described(state: ObjectState) -> dict[str, str]:
    if state.path:
        how = f"its method `{state.method}()` changes its state"
    else:
        how = "it is an in-memory implementation"
    return {"cls": state.cls, "method": state.method, "where": state.path, "how": how}


def callable_state(index: ProjectIndex, path: str, ref: str, depth: int = 0) -> ObjectState | None:
    """The state of what `ref(...)` builds in `path`: a stateful class, or a factory of one."""
    symbol = index.lookup(path, ref)
    if symbol is None:
        return _library_memory(index, path, ref)
    if symbol.rest or depth > _MAX_DEPTH:
        return None
    state = symbol_state(index, symbol, depth)
    if state is not None and depth == 0 and state.cls in SERVER_CLASS_NAMES:
        return None  # the server object itself (its routes and tools), not a store it holds
    return state


def _library_memory(index: ProjectIndex, path: str, ref: str) -> ObjectState | None:
    """A library's in-memory implementation (`InMemoryEventStore`, `InMemorySubscriptionBus`).

    The libraries agents build on name their process-memory implementations `InMemory...`;
    the ones rule SA107 knows by name are left to it.
    """
    name = ref.rpartition(".")[2]
    if not name.startswith("InMemory") or name in KNOWN_MEMORY_NAMES:
        return None
    target = index.facts(path).get("imports", {}).get(ref.partition(".")[0])
    if target is None:
        return None  # not imported: a name of this module that the index does not know
    return ObjectState(name, "", None, "")


def symbol_state(index: ProjectIndex, symbol: Symbol, depth: int = 0) -> ObjectState | None:
    """The state of instances of a class symbol, or of what a factory symbol returns."""
    memo: dict[tuple[str, str], ObjectState | None] = index.memo.setdefault("state", {})
    key = (symbol.path, symbol.name)
    if key in memo:
        return memo[key]
    memo[key] = None  # cycles (a class holding its own kind) end here
    facts = index.facts(symbol.path)
    kind = facts.get("names", {}).get(symbol.name)
    found: ObjectState | None = None
    if kind == "c":
        found = _class_state(index, symbol, facts.get("classes", {}).get(symbol.name, {}), depth)
    elif kind == "f":
        for ref in facts.get("returns", {}).get(symbol.name, ()):
            found = callable_state(index, symbol.path, ref, depth + 1)
            if found is not None:
                break
    memo[key] = found
    return found


def _class_state(
    index: ProjectIndex, symbol: Symbol, entry: dict[str, Any], depth: int
) -> ObjectState | None:
    if entry.get("config") or any(
        _is_config(index, symbol.path, base) for base in entry.get("bases", ())
    ):
        return None
    mutating: dict[str, int] = entry.get("mut", {})
    methods = set(mutating)
    for base in entry.get("bases", ()):
        inherited = callable_state(index, symbol.path, base, depth + 1)
        if inherited is not None and inherited.methods is not None:
            methods |= inherited.methods
    # `answer()` calling `self.record()`, which changes the object, changes it too.
    calls: dict[str, list[str]] = entry.get("self", {})
    grew = bool(methods)
    while grew:
        grew = False
        for caller, callees in calls.items():
            if caller not in methods and methods.intersection(callees):
                methods.add(caller)
                grew = True
    if methods:
        defined = set(entry.get("defs", ()))
        for base in entry.get("bases", ()):
            inherited = callable_state(index, symbol.path, base, depth + 1)
            if inherited is not None:
                defined |= inherited.defined
        return ObjectState(
            symbol.name, symbol.path, frozenset(methods), sorted(methods)[0], frozenset(defined)
        )
    for attribute, refs in entry.get("has", {}).items():
        for ref in refs:
            held = callable_state(index, symbol.path, ref, depth + 1)
            if held is not None:
                holder = "" if attribute == "__init__" else f"{attribute}."
                return ObjectState(symbol.name, symbol.path, None, f"{holder}{held.method}")
    return None


def _is_config(index: ProjectIndex, path: str, ref: str) -> bool:
    """Whether a base class is a project settings class (see `facts`)."""
    symbol = index.lookup(path, ref)
    if symbol is None or symbol.rest:
        return False
    entry = index.facts(symbol.path).get("classes", {}).get(symbol.name, {})
    return bool(entry.get("config"))


def _used_statefully(index: ProjectIndex, instance: Symbol, state: ObjectState) -> bool:
    """A registry filled at import time is not state; an object changed per request is.

    The instance is state when a method that changes it runs while requests are served (a
    method a library base class provides counts: it may dispatch to the project's), or when
    the project calls none of its methods (it is exported, or handed to a framework the run
    does not show). It is a table filled at import when its methods only run at import or
    startup, and read-only when requests only call methods that do not change it.
    """
    calls = usage(index).get((instance.path, instance.name), {})
    changing = [
        mask
        for method, mask in calls.items()
        if method
        and (state.methods is None or method in state.methods or method not in state.defined)
    ]
    if any(mask & AT_REQUEST for mask in changing):
        return True
    # Configured at import or startup (`@mcp.tool()`, `registry.add(...)`), or only read at
    # request time (`post_save.send(...)`): its changes are its own bookkeeping. Never called
    # at all: handed to code the project does not show, which changes it.
    return not any(method for method in calls)


def usage(index: ProjectIndex) -> dict[tuple[str, str], dict[str, int]]:
    """Every call of a module-level name in the project: (module, name) -> method -> contexts.

    The method is empty for calls of the name itself (`set_service(x)`); calls from test
    modules count as test calls whatever function makes them.
    """
    cached = index.memo.get("usage")
    if isinstance(cached, dict):
        return cached
    found: dict[tuple[str, str], dict[str, int]] = {}
    for path in index.paths:
        calls: dict[str, int] = index.facts(path).get("calls", {})
        in_tests = is_test_path(path)
        uses = dict(calls)
        if in_tests:  # a test that imports a helper uses it, called or not
            uses.update(dict.fromkeys(index.facts(path).get("imports", {}), IN_TESTS))
        for ref, mask in uses.items():
            symbol = index.lookup(path, ref)
            if symbol is None or not symbol.name:
                continue
            method = symbol.rest[0] if symbol.rest else ""
            methods = found.setdefault((symbol.path, symbol.name), {})
            methods[method] = methods.get(method, 0) | (IN_TESTS if in_tests else mask)
    index.memo["usage"] = found
    return found


def is_served(index: ProjectIndex, path: str) -> bool:
    """Whether a module that starts no server itself may run inside one.

    A command-line script (a `__main__` block) runs in a server only when a server module
    imports it, directly or through other modules; a library module when nothing in the
    project imports it (its users are elsewhere) or when a server module imports it through
    some chain. Modules imported only by command-line scripts serve no requests.
    """
    memo: dict[str, bool] = index.memo.setdefault("served", {})
    if path in memo:
        return memo[path]
    memo[path] = False  # an import cycle with no server in it serves nothing
    facts = index.facts(path)
    if facts.get("serves"):
        memo[path] = True
        return True
    by = importers(index).get(path, set())
    served = any(is_served(index, importer) for importer in by)
    if not by and not facts.get("script"):
        served = True
    memo[path] = served
    return served


def importers(index: ProjectIndex) -> dict[str, set[str]]:
    """The non-test modules of the project importing each module."""
    cached = index.memo.get("importers")
    if isinstance(cached, dict):
        return cached
    found: dict[str, set[str]] = {}
    for path in index.paths:
        if is_test_path(path):
            continue
        for target in index.facts(path).get("imports", {}).values():
            symbol = index.resolve_import(path, target)
            if symbol is not None and symbol.path != path:
                found.setdefault(symbol.path, set()).add(path)
    index.memo["importers"] = found
    return found
