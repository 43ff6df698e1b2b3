"""SA102: rebinding module globals through `global`, and closure accumulators."""

from __future__ import annotations

import ast
import re
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
        "it. That includes handlers defined inside `create_app()` or a server factory and handed "
        "to the server (`app.add_api_route('/x', handler)`, `Server(on_call_tool=handler)`, "
        "`mcp.add_tool(handler)`). A lazily created client (`if _client is None: _client = "
        "make_client()`) and rebinding inside setup code are fine; so is a closure that only "
        "lives during one call (`sorted(key=...)`, `map`, `asyncio.gather`, a local helper)."
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
        """\
from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI()
    questions: list[str] = []

    async def ask(question: str) -> dict[str, int]:
        questions.append(question)
        return {"asked": len(questions)}

    app.add_api_route("/ask", ask, methods=["POST"])
    return app
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
        """\
def rank(documents: list[str], query: str) -> list[str]:
    scores: dict[str, int] = {}

    def score(document: str) -> int:
        scores[document] = sum(word in document for word in query.split())
        return scores[document]

    return sorted(documents, key=score)
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        import_time = patterns.import_time_functions(module)
        for declaration, scope in module.declarations:
            function = scope.enclosing_function()
            if function is None:
                continue
            is_global = isinstance(declaration, ast.Global)
            if is_global:
                if patterns.runs_at_import(function, import_time):
                    continue
                if patterns.is_setup_function(function, module):
                    continue
            # A closure that outlives its factory runs per request even when the factory is
            # setup code run at import; only a startup hook of its own is exempt.
            elif not _escapes(function, module) or patterns.is_setup_name(function.name):
                continue
            for name in declaration.names:
                if name in options.allowed_globals:
                    continue
                site = self._rebinding(name, scope, function, module)
                if site is None:
                    continue
                word = "global" if is_global else "closure variable"
                # A module-level setter that only startup code or tests call is configuration:
                # the project index knows its callers across modules.
                callers = (("callers", function.name),) if function.outer.kind == "module" else ()
                yield Violation(
                    site,
                    f"{word} `{name}` is rebound inside `{function.name}()`: the value survives "
                    "between calls in this process only and is lost on restart",
                    requires=callers,
                )
        yield from self._closure_accumulators(module, options)

    def _rebinding(
        self, name: str, scope: Scope, function: FunctionInfo, module: ModuleIndex
    ) -> ast.AST | None:
        test = ast.dump(ast.Name(id=name, ctx=ast.Load()))
        if _only_called_lazily(function, test, module):
            return None
        # `nonlocal enabled; if not enabled: enabled = True` in a handler flips what the server
        # does for everyone from then on, unlike `if _client is None: _client = make_client()`,
        # which creates a resource once. (A global "initialised" flag stays a guard.)
        flips = name in scope.nonlocals and all(
            isinstance(value, ast.Constant) for value in scope.values.get(name, [None])
        )
        # `if _cache is None: _cache = load(); _by_id = index(_cache)` fills both lazily.
        guards = [test, *(ast.dump(ast.Name(id=other, ctx=ast.Load())) for other in scope.globals)]
        for site in scope.stores.get(name, ()):
            if isinstance(site, ast.Import | ast.ImportFrom):
                continue
            if not flips and any(patterns.lazy_init_guard(site, g, function) for g in guards):
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
            if patterns.is_resource_name(name):
                continue  # `locks.setdefault(key, asyncio.Lock())`: resources, not data
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

    That is the case when it leaves its enclosing function (returned, registered by a
    decorator, or handed to a call that keeps it) and that enclosing function builds something
    long-lived: a decorator (what it returns replaces a module-level function), a factory the
    module calls at import time (`agent = make_agent()`), or setup code that builds a server
    (`Server(on_call_tool=handler)`, `app.add_api_route("/x", handler)`, `@mcp.tool()` inside
    `create_server()`). A helper closure returned to a caller that uses it for one statement,
    or passed to `map`, `sorted`, `asyncio.gather` or a local helper, is not state.
    """
    current: FunctionInfo | None = function
    while current is not None:
        outer = current.outer_function()
        if outer is None:
            return False
        if (
            current.decorators
            and patterns.is_request_handler(current, module)
            and (_builds_server(outer, module) or _builds_long_lived(outer, module))
        ):
            return True  # `@mcp.tool()` inside `create_server()`
        handed_out = bool(current.decorators) or _returned_by(current, outer, module)
        if handed_out and _builds_long_lived(outer, module):
            return True
        registration = _registration(current, outer, module)
        if registration is not None:
            if patterns.is_setup_name(current.name):
                return False  # a startup hook registered by the factory runs once
            return (
                registration or _builds_server(outer, module) or _builds_long_lived(outer, module)
            )
        if handed_out:
            return False
        current = outer
    return False


# Calls that use a function and return before their caller does: a closure handed to them dies
# with the call (`sorted(items, key=rank)`, `asyncio.gather(*map(fetch, urls))`).
_FINISHING_CALLS = frozenset(
    {
        "map",
        "filter",
        "sorted",
        "min",
        "max",
        "sum",
        "any",
        "all",
        "list",
        "tuple",
        "set",
        "frozenset",
        "dict",
        "enumerate",
        "zip",
        "iter",
        "next",
        "reversed",
        "print",
        "callable",
        "functools.reduce",
        "functools.cmp_to_key",
        "asyncio.gather",
        "asyncio.wait",
        "asyncio.wait_for",
        "asyncio.shield",
        "asyncio.run",
        "asyncio.to_thread",
        "anyio.run",
        "anyio.to_thread.run_sync",
        "anyio.from_thread.run",
        "anyio.from_thread.run_sync",
        "trio.run",
        "starlette.concurrency.run_in_threadpool",
        "fastapi.concurrency.run_in_threadpool",
        "re.sub",
        "re.subn",
        "timeit.timeit",
    }
)
_FINISHING_MODULES = ("itertools.", "heapq.", "operator.", "bisect.")
_FINISHING_METHODS = frozenset(
    {
        "run_in_executor",
        "run_until_complete",
        "submit",
        "map",
        "starmap",
        "imap",
        "imap_unordered",
        "sort",
        "sub",
        "subn",
        "apply",
        "applymap",
        "transform",
        "agg",
        "aggregate",
        "pipe",
        "start_soon",
    }
)
_PARTIALS = frozenset({"functools.partial", "functools.wraps"})
# Methods that register a handler on an application or server: only long-lived objects have
# routes, tools and event handlers, so the registering function builds one.
_REGISTRATION_METHODS = frozenset(
    {
        "add_api_route",
        "add_api_websocket_route",
        "add_route",
        "add_websocket_route",
        "add_event_handler",
        "add_exception_handler",
        "add_url_rule",
        "add_tool",
        "add_resource",
        "add_prompt",
        "register_tool",
        "set_request_handler",
        "set_notification_handler",
        "add_handler",
        "add_listener",
        "add_job",
        "connect",
    }
)
_HANDLER_TABLES = frozenset({"request_handlers", "notification_handlers", "handlers", "routes"})
# Objects that serve requests for the life of the process.
_SERVER_CLASSES = frozenset(
    {
        "Server",
        "FastMCP",
        "MCPServer",
        "FastAPI",
        "Starlette",
        "APIRouter",
        "Router",
        "Flask",
        "Blueprint",
        "Quart",
        "Sanic",
        "Application",
        "ChatKitServer",
    }
)
_SERVER_FACTORY = re.compile(
    r"_?(?:create|build|make|new|setup|init)_?(?:\w+_)?"
    r"(?:server|app|application|router|api|mcp|service)s?$",
    re.IGNORECASE,
)
_ONCE_KEYWORDS = frozenset({"on_startup", "on_shutdown", "lifespan"})


def _registration(inner: FunctionInfo, outer: FunctionInfo, module: ModuleIndex) -> bool | None:
    """How `outer` hands `inner` to something that keeps it, or None when it does not.

    True when the way itself shows a long-lived server (`app.add_api_route(...)`,
    `server.request_handlers[...] = inner`); False for any other call that keeps it
    (`Server(on_call_tool=inner)`, `FunctionTool(on_invoke_tool=inner)`). Calls that finish
    with the outer call (`map`, `sorted`, `asyncio.gather`, local helpers) do not count, nor
    do startup hooks (`add_event_handler("startup", inner)`, `on_startup=[inner]`).
    """
    found: bool | None = None
    for call, scope in module.calls:
        if scope.enclosing_function() is not outer:
            continue
        carried = [arg for arg in call.args if _carries(arg, inner, scope, module)]
        keywords = [k for k in call.keywords if _carries(k.value, inner, scope, module)]
        if not carried and not keywords:
            continue
        if any(keyword.arg in _ONCE_KEYWORDS for keyword in keywords):
            continue
        if patterns.is_startup_event(call) or _finishes(call, inner, scope, module):
            continue
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in _REGISTRATION_METHODS:
            return True
        found = False
    for mutation in module.mutations:
        if (
            mutation.kind not in ("setitem", "setattr")
            or mutation.scope.enclosing_function() is not outer
        ):
            continue
        value = _assigned_value(mutation.node, outer)
        if value is None or not _carries(value, inner, mutation.scope, module):
            continue
        chain = patterns.attribute_chain(mutation.target)
        if mutation.kind == "setattr":
            chain = [*chain, mutation.attr]
        if not _HANDLER_TABLES.isdisjoint(chain):
            return True
        found = False
    return found


def _assigned_value(target: ast.AST, outer: FunctionInfo) -> ast.expr | None:
    """The value of the assignment whose target is `target` (`table[key] = value`)."""
    for node in ast.walk(outer.node):
        if isinstance(node, ast.Assign) and any(t is target for t in node.targets):
            return node.value
    return None


def _carries(expr: ast.expr, inner: FunctionInfo, scope: Scope, module: ModuleIndex) -> bool:
    """True when `expr` is the inner function (by name, as a lambda, or wrapped in `partial`)."""
    if expr is inner.node:
        return True
    if isinstance(expr, ast.Name):
        if expr.id != inner.name:
            return False
        _, owner = module.resolve(expr.id, scope)
        return owner is inner.outer
    if isinstance(expr, ast.Starred):
        return _carries(expr.value, inner, scope, module)
    if isinstance(expr, ast.List | ast.Tuple):
        return any(_carries(element, inner, scope, module) for element in expr.elts)
    if isinstance(expr, ast.Dict):
        return any(_carries(value, inner, scope, module) for value in expr.values)
    if isinstance(expr, ast.Call) and module.qualname(expr.func) in _PARTIALS:
        return any(_carries(arg, inner, scope, module) for arg in expr.args)
    return False


def _finishes(call: ast.Call, inner: FunctionInfo, scope: Scope, module: ModuleIndex) -> bool:
    """True for calls that use the function and are done with it when they return."""
    func = call.func
    qualified = module.qualname(func) or ""
    if qualified in _FINISHING_CALLS or qualified.startswith(_FINISHING_MODULES):
        return True
    if qualified in _PARTIALS:
        return True  # judged where the partial object itself is passed
    if isinstance(func, ast.Attribute):
        return func.attr in _FINISHING_METHODS
    if isinstance(func, ast.Name):
        if func.id == inner.name:
            return True  # recursion: `visit(child, visit)`
        binding, owner = module.resolve(func.id, scope)
        if binding in ("local", "enclosing", "module") and owner is not None:
            # A helper defined in this module runs to completion: `walk(tree, visit)`.
            sites = owner.stores.get(func.id, [])
            return any(isinstance(site, ast.FunctionDef | ast.AsyncFunctionDef) for site in sites)
    return False


def _builds_server(function: FunctionInfo, module: ModuleIndex) -> bool:
    """True for functions that create a server, app or router (by name, or by what they call).

    Other setup code (`install()` patching a hook, `init_filters()`) keeps closures for the life
    of the process too, but they run on configuration, not per request.
    """
    if _SERVER_FACTORY.match(function.name):
        return True
    return any(
        scope.enclosing_function() is function
        and patterns.last_name(module.qualname(call.func)) in _SERVER_CLASSES
        for call, scope in module.calls
    )


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
