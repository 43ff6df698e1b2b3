"""SA102: rebinding module globals through `global`, and closure accumulators."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import FunctionInfo, ModuleIndex, Scope
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns


class GlobalRebindingRule(Rule):
    """`global` / `nonlocal` rebinding and closures that accumulate across calls."""

    code = "SA102"
    name = "global-rebinding"
    summary = "State kept by rebinding a global or a closure variable"
    rationale = (
        "`global counter; counter += 1` and a closure that rebinds a `nonlocal` (or appends to a "
        "list of its enclosing function) after that function has returned keep a value alive "
        "between requests in one process: each instance counts separately and a restart resets "
        "it. A lazily created client (`if _client is None: _client = make_client()`) and "
        "rebinding inside setup code are fine; so is a closure that only lives during one call."
    )
    fix = (
        "Return the new value instead of storing it, or persist it (a database row, a Redis "
        "counter); create shared clients in the lifespan and pass them through dependencies."
    )
    invalid = (
        """\
message_count = 0


def on_message(text: str) -> int:
    global message_count
    message_count += 1
    return message_count
""",
        """\
_last_answer = None


async def answer(question: str) -> str:
    global _last_answer
    _last_answer = question.upper()
    return _last_answer
""",
        """\
def make_agent():
    history = []

    def chat(message: str) -> int:
        history.append(message)
        return len(history)

    return chat


support_agent = make_agent()
""",
        """\
def rate_limited(func):
    calls = 0

    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls > 100:
            raise RuntimeError("rate limit")
        return func(*args, **kwargs)

    return wrapper
""",
        """\
_tokens_used = []


def charge(tokens: int) -> None:
    global _tokens_used
    _tokens_used = _tokens_used + [tokens]
""",
    )
    valid = (
        """\
from sqlmodel import Session

from app.models import Counter


def on_message(session: Session, conversation_id: str) -> int:
    counter = session.get(Counter, conversation_id) or Counter(id=conversation_id, value=0)
    counter.value += 1
    session.add(counter)
    session.commit()
    return counter.value
""",
        """\
import httpx

_client: httpx.AsyncClient | None = None


def get_client() -> httpx.AsyncClient:
    global _client
    if _client is None:
        _client = httpx.AsyncClient(timeout=10)
    return _client
""",
        """\
_settings = None


def configure(path: str) -> None:
    global _settings
    _settings = {"path": path}
""",
        """\
def count_words(texts: list[str]) -> int:
    total = 0

    def add(text: str) -> None:
        nonlocal total
        total += len(text.split())

    for text in texts:
        add(text)
    return total
""",
        """\
VERSION = "1.0"


def version() -> str:
    global VERSION
    return VERSION
""",
        """\
def collect(tree: dict) -> list[str]:
    names = []

    def visit(node: dict) -> None:
        names.append(node["name"])
        for child in node.get("children", []):
            visit(child)

    visit(tree)
    return names
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        import_time = patterns.import_time_functions(module)
        for declaration, scope in module.declarations:
            function = scope.enclosing_function()
            if function is None:
                continue
            if patterns.runs_at_import(function, import_time):
                continue
            if patterns.is_setup_function(function, module):
                continue
            is_global = isinstance(declaration, ast.Global)
            if not is_global and not _escapes(function, module):
                continue
            for name in declaration.names:
                if name in options.allowed_globals:
                    continue
                site = self._rebinding(name, scope, function, module)
                if site is None:
                    continue
                word = "global" if is_global else "closure variable"
                yield Violation(
                    site,
                    f"{word} `{name}` is rebound inside `{function.name}()`: the value survives "
                    "between calls in this process only and is lost on restart",
                )
        yield from self._closure_accumulators(module, options)

    def _rebinding(
        self, name: str, scope: Scope, function: FunctionInfo, module: ModuleIndex
    ) -> ast.AST | None:
        test = ast.dump(ast.Name(id=name, ctx=ast.Load()))
        if _only_called_lazily(function, test, module):
            return None
        for site in scope.stores.get(name, ()):
            if isinstance(site, ast.Import | ast.ImportFrom):
                continue
            if patterns.lazy_init_guard(site, test, function):
                continue
            return site
        return None

    def _closure_accumulators(
        self, module: ModuleIndex, options: RuleOptions
    ) -> Iterator[Violation]:
        for mutation in module.mutations:
            if mutation.kind not in ("method", "setitem", "delitem"):
                continue
            if not isinstance(mutation.target, ast.Name):
                continue
            name = mutation.target.id
            binding, owner = module.resolve(name, mutation.scope)
            if binding != "enclosing" or owner is None or owner.function is None:
                continue
            inner = mutation.scope.enclosing_function()
            if inner is None or not _escapes(inner, module):
                continue
            if not _binds_container(owner.function, name, module):
                continue
            yield Violation(
                mutation.node,
                f"closure accumulator `{name}` of `{owner.function.name}()` is changed inside "
                f"`{inner.name}()`, which outlives the call: its contents pile up in process "
                "memory across requests",
            )


def _escapes(function: FunctionInfo, module: ModuleIndex) -> bool:
    """True when a nested function keeps its closure alive across requests.

    That is the case when it leaves its enclosing function (returned, or registered by a
    decorator) and that enclosing function builds something long-lived: a decorator (what it
    returns replaces a module-level function) or a factory the module calls at import time
    (`agent = make_agent()`). A helper closure returned to a caller that uses it for one
    statement is not state.
    """
    current: FunctionInfo | None = function
    while current is not None:
        outer = current.outer_function()
        if outer is None:
            return False
        if current.decorators or _returned_by(current, outer, module):
            return _builds_long_lived(outer, module)
        current = outer
    return False


def _returned_by(inner: FunctionInfo, outer: FunctionInfo, module: ModuleIndex) -> bool:
    for statement, scope in module.returns:
        if statement.value is None or scope.enclosing_function() is not outer:
            continue
        called = {id(node.func) for node in ast.walk(statement.value) if isinstance(node, ast.Call)}
        for node in ast.walk(statement.value):
            # `return inner` hands the closure out; `return inner(x)` only calls it.
            if isinstance(node, ast.Name) and node.id == inner.name and id(node) not in called:
                return True
    return False


def _builds_long_lived(factory: FunctionInfo, module: ModuleIndex) -> bool:
    if patterns.is_decorator_body(factory):
        return True
    outer = factory.outer_function()
    if outer is not None and patterns.is_decorator_body(outer):
        return True  # the inner `decorator(func)` of a decorator factory
    top = factory
    while top.outer_function() is not None:
        top = top.outer_function()  # type: ignore[assignment]
    return top.outer.kind == "module" and top.name in patterns.import_time_functions(module)


def _only_called_lazily(function: FunctionInfo, test: str, module: ModuleIndex) -> bool:
    """True when every call of `function` in the module sits under `if X is None:`.

    `def _load(): global _table; _table = build()` called as `if _table is None: _load()`
    initialises a constant table once.
    """
    if function.outer.kind != "module":
        return False
    calls = [
        call
        for call, _ in module.calls
        if isinstance(call.func, ast.Name) and call.func.id == function.name
    ]
    if not calls:
        return False
    guarded: set[int] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.If) and patterns.tests_none(node.test, test):
            for statement in node.body:
                guarded.update(id(inner) for inner in ast.walk(statement))
    return all(id(call) in guarded for call in calls)


def _binds_container(function: FunctionInfo, name: str, module: ModuleIndex) -> bool:
    for node in ast.walk(function.node):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            binds = any(isinstance(t, ast.Name) and t.id == name for t in targets)
            if binds and patterns.is_container(node.value, module):
                return True
    return False
