"""The AST shapes stateless rules share: containers, handlers, setup code, model classes.

Kept in one place so that every rule draws the line between "state" and "look-alike" the same
way: a container is a container for rule SA101 and SA103 alike, and code that runs once at
startup is exempt everywhere.
"""

from __future__ import annotations

import ast
import re

from scaffold.validators.ast_index import ClassInfo, FunctionInfo, ModuleIndex, Scope

# Calls that build an empty or filled mutable container.
CONTAINER_FACTORIES = frozenset(
    {
        "dict",
        "list",
        "set",
        "bytearray",
        "dict.fromkeys",
        "collections.defaultdict",
        "collections.deque",
        "collections.OrderedDict",
        "collections.Counter",
        "collections.ChainMap",
        "queue.Queue",
        "queue.LifoQueue",
        "queue.PriorityQueue",
        "queue.SimpleQueue",
        "asyncio.Queue",
        "asyncio.LifoQueue",
        "asyncio.PriorityQueue",
        "multiprocessing.Queue",
        "weakref.WeakValueDictionary",
        "weakref.WeakKeyDictionary",
        "weakref.WeakSet",
        "cachetools.Cache",
        "cachetools.LRUCache",
        "cachetools.LFUCache",
        "cachetools.TTLCache",
        "cachetools.TLRUCache",
        "cachetools.RRCache",
        "cachetools.FIFOCache",
    }
)
_CONTAINER_LITERALS = (ast.Dict, ast.List, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)

# Thread- or task-local storage: process memory keyed by thread, gone on restart.
THREAD_LOCAL_FACTORIES = frozenset(
    {"threading.local", "_threading_local.local", "asgiref.local.Local", "werkzeug.local.Local"}
)

# Base classes and decorators whose class-level defaults are per-instance field defaults.
MODEL_BASES = frozenset(
    {
        "BaseModel",
        "SQLModel",
        "BaseSettings",
        "RootModel",
        "TypedDict",
        "NamedTuple",
        "Enum",
        "IntEnum",
        "StrEnum",
        "Flag",
        "IntFlag",
        "Protocol",
        "Struct",
        "DeclarativeBase",
        "Model",
        "Schema",
    }
)
MODEL_DECORATORS = frozenset(
    {"dataclass", "dataclasses.dataclass", "define", "frozen", "mutable", "attrs", "s", "attr.s"}
)

# Decorator methods that turn a function into a request (or tool) handler.
_HANDLER_DECORATOR_ATTRS = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "trace",
        "api_route",
        "route",
        "websocket",
        "websocket_route",
        "middleware",
        "tool",
        "resource",
        "prompt",
        "call_tool",
        "read_resource",
        "get_prompt",
    }
)
_HANDLER_DECORATOR_NAMES = frozenset({"function_tool", "tool", "agents.function_tool"})
_REQUEST_ANNOTATIONS = frozenset({"Request", "WebSocket", "HTTPConnection", "BackgroundTasks"})

# Names of code that runs once while the process starts, not per request.
_SETUP_NAME = re.compile(
    r"(?:__init_subclass__|__set_name__)$"
    r"|_?(?:lifespan|startup|on_startup|shutdown|setup|set_up|setUp|setUpClass|configure|init|"
    r"initiali[sz]e|install|register|bootstrap|create_app|build_app|make_app|main|populate|"
    r"autodiscover|ready)(?:_|$)"
    r"|.*lifespan",
    re.IGNORECASE,
)
_STARTUP_EVENTS = frozenset({"startup", "shutdown"})


def is_container(expr: ast.expr | None, index: ModuleIndex) -> bool:
    """True when `expr` builds a mutable container (a literal or a known factory call)."""
    if expr is None:
        return False
    if isinstance(expr, _CONTAINER_LITERALS):
        return True
    if isinstance(expr, ast.Call):
        return index.qualname(expr.func) in CONTAINER_FACTORIES
    return False


def is_thread_local(expr: ast.expr | None, index: ModuleIndex) -> bool:
    """True when `expr` creates thread- or task-local storage."""
    if not isinstance(expr, ast.Call):
        return False
    name = index.qualname(expr.func)
    return name is not None and (name in THREAD_LOCAL_FACTORIES or name.endswith(".local.Local"))


def last_name(dotted: str | None) -> str:
    """`fastapi.FastAPI` -> `FastAPI`; None -> ''."""
    if not dotted:
        return ""
    return dotted.rpartition(".")[2]


def root_name(expr: ast.expr) -> ast.Name | None:
    """The name at the bottom of `a.b[c].d`: `a`. None for calls and other roots."""
    while isinstance(expr, ast.Attribute | ast.Subscript):
        expr = expr.value
    return expr if isinstance(expr, ast.Name) else None


def attribute_chain(expr: ast.expr) -> list[str]:
    """The attribute names between an expression's root and itself: `a.b[c].d` -> [b, d]."""
    chain: list[str] = []
    while isinstance(expr, ast.Attribute | ast.Subscript):
        if isinstance(expr, ast.Attribute):
            chain.append(expr.attr)
        expr = expr.value
    chain.reverse()
    return chain


def is_model_class(info: ClassInfo, index: ModuleIndex, _seen: frozenset[str] = frozenset()) -> bool:
    """True for pydantic, SQLModel, dataclass, attrs, enum, TypedDict and similar classes.

    Their class-level defaults are field defaults copied into each instance (or immutable
    members), not state shared between instances. Base classes defined in the same module are
    followed, so `class Item(ItemBase, table=True)` counts when `ItemBase(SQLModel)` does.
    """
    for decorator in info.node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = index.qualname(target) or ""
        if name in MODEL_DECORATORS or last_name(name) in MODEL_DECORATORS:
            return True
    local_classes = index.module_classes
    for base in info.node.bases:
        target = base.value if isinstance(base, ast.Subscript) else base
        name = index.qualname(target)
        short = last_name(name)
        if short in MODEL_BASES:
            return True
        if name in local_classes and name not in _seen:
            if is_model_class(local_classes[name], index, _seen | {name}):
                return True
    return False


def decorator_name(decorator: ast.expr, index: ModuleIndex) -> str:
    """The dotted name a decorator refers to, call or not: `@router.get("/")` -> `router.get`."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return index.qualname(target) or ""


def is_request_handler(function: FunctionInfo, index: ModuleIndex) -> bool:
    """True for route handlers, MCP or agent tools, middleware, and functions taking a Request."""
    for decorator in function.decorators:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in _HANDLER_DECORATOR_ATTRS:
            return True
        if decorator_name(decorator, index) in _HANDLER_DECORATOR_NAMES:
            return True
    for param in function.params:
        annotation = param.annotation
        if annotation is None:
            continue
        if isinstance(annotation, ast.Subscript):  # Annotated[Request, ...]
            annotation = annotation.slice
            if isinstance(annotation, ast.Tuple) and annotation.elts:
                annotation = annotation.elts[0]
        if last_name(index.qualname(annotation)) in _REQUEST_ANNOTATIONS:
            return True
    return False


def is_setup_function(function: FunctionInfo, index: ModuleIndex) -> bool:
    """True for code that runs once at startup: lifespans, startup hooks, setup and main.

    A function nested in such a function counts too (a decorator factory named `register`
    fills its table at import time through its inner function).
    """
    if is_request_handler(function, index):
        return False
    current: FunctionInfo | None = function
    while current is not None:
        if _SETUP_NAME.match(current.name) or current.name in lifespan_functions(index):
            return True
        for decorator in current.decorators:
            if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute):
                if decorator.func.attr == "on_event" and any(
                    isinstance(arg, ast.Constant) and arg.value in _STARTUP_EVENTS
                    for arg in decorator.args
                ):
                    return True
            name = decorator_name(decorator, index)
            if last_name(name) in ("fixture", "setup_method", "on_startup"):
                return True
        current = current.outer_function()
    return False


def import_time_functions(index: ModuleIndex) -> set[str]:
    """Names of module-level functions the module itself runs while it is imported.

    A function used as a decorator at module level, or called by a module-level statement,
    fills its tables at import time: "tables filled at import" are constants, not state.
    """
    cached = index.memo.get("import_time_functions")
    if isinstance(cached, set):
        return cached
    names: set[str] = set()
    index.memo["import_time_functions"] = names
    for call, scope in index.calls:
        if scope.kind == "module" or scope.kind == "class":
            target = call.func
            while isinstance(target, ast.Call):
                target = target.func
            if isinstance(target, ast.Name):
                names.add(target.id)
    for info in index.functions:
        if info.outer.kind in ("module", "class"):
            for decorator in info.decorators:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Name):
                    names.add(target.id)
    for info in index.classes:
        for decorator in info.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


def runs_at_import(function: FunctionInfo, import_time: set[str]) -> bool:
    """True when `function` (or the function it is nested in) is run by the module's import."""
    current: FunctionInfo | None = function
    while current is not None:
        if current.outer.kind == "module" and current.name in import_time:
            return True
        current = current.outer_function()
    return False


def lazy_init_guard(node: ast.AST, target: str, function: FunctionInfo) -> bool:
    """True when `node` sits under `if X is None:` / `if not X:`, `target` being `ast.dump(X)`.

    `if _client is None: _client = make_client()` creates a process-wide client once: a
    connection pool, not request state.
    """
    for candidate in ast.walk(function.node):
        if not isinstance(candidate, ast.If):
            continue
        if not _tests_none(candidate.test, target):
            continue
        for statement in candidate.body:
            for inner in ast.walk(statement):
                if inner is node:
                    return True
    return False


def _tests_none(test: ast.expr, target: str) -> bool:
    if isinstance(test, ast.BoolOp):
        return any(_tests_none(value, target) for value in test.values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return ast.dump(test.operand) == target
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        if isinstance(test.ops[0], ast.Is | ast.Eq):
            comparator = test.comparators[0]
            if isinstance(comparator, ast.Constant) and comparator.value is None:
                return ast.dump(test.left) == target
    return False


def scope_function(scope: Scope) -> FunctionInfo | None:
    """The function a scope belongs to, or None at module and class level."""
    return scope.enclosing_function()


def lifespan_functions(index: ModuleIndex) -> frozenset[str]:
    """Names passed as `lifespan=` to an app constructor: they run once per process."""
    cached = index.memo.get("lifespan_functions")
    if isinstance(cached, frozenset):
        return cached
    names = frozenset(
        keyword.value.id
        for call, _ in index.calls
        for keyword in call.keywords
        if keyword.arg == "lifespan" and isinstance(keyword.value, ast.Name)
    )
    index.memo["lifespan_functions"] = names
    return names
