"""The AST shapes stateless rules share: containers, handlers, setup code, model classes.

Kept in one place so that every rule draws the line between "state" and "look-alike" the same
way: a container is a container for rule SA101 and SA103 alike, and code that runs once at
startup is exempt everywhere.
"""

from __future__ import annotations

import ast
import re

from scaffold.validators.ast_index import ClassInfo, FunctionInfo, ModuleIndex

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
THREAD_LOCAL_FACTORIES = frozenset({"threading.local", "_threading_local.local"})
# Context-local storage built on contextvars: scoped to one request or task, like a ContextVar.
CONTEXT_LOCAL_FACTORIES = frozenset(
    {
        "contextvars.ContextVar",
        "asgiref.local.Local",
        "werkzeug.local.Local",
        "werkzeug.local.LocalStack",
        "werkzeug.local.LocalProxy",
    }
)
# Clients of shared stores and services: `r[key] = value` on a Redis client writes to Redis,
# which every instance sees; these objects are connection pools, not process state.
SHARED_STORE_PACKAGES = frozenset(
    {
        "redis",
        "valkey",
        "aioredis",
        "pymemcache",
        "aiomcache",
        "pymongo",
        "motor",
        "boto3",
        "botocore",
        "google",
        "azure",
        "httpx",
        "requests",
        "aiohttp",
        "sqlalchemy",
        "sqlmodel",
        "psycopg",
        "psycopg2",
        "asyncpg",
    }
)
# Containers of resources (pools, clients, locks) are per-process by design, not data.
_RESOURCE_NAME = re.compile(
    r"pool|engine|client|lock|semaphore|executor|sessionmaker|session_factory", re.IGNORECASE
)
# Parameter names of a decorator's argument: the function or class being decorated.
_DECORATED_PARAM = re.compile(
    r"(?:func|fn|f|function|cls|klass|class_|view|view_func|handler|callback|wrapped|method|"
    r"tool|target|decorated|wrapped_func|cls_to_decorate|fn_to_decorate)$"
    r"|.*_(?:func|fn|cls|class)$"
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


def container_kind(values: list[ast.expr], module: ModuleIndex) -> str:
    """`dict`, `list`, `set`, or the factory's name (`defaultdict`...) for a message."""
    for value in values:
        if isinstance(value, ast.Dict | ast.DictComp):
            return "dict"
        if isinstance(value, ast.List | ast.ListComp):
            return "list"
        if isinstance(value, ast.Set | ast.SetComp):
            return "set"
        if isinstance(value, ast.Call):
            name = last_name(module.qualname(value.func))
            if name:
                return name
    return "container"


def is_thread_local(expr: ast.expr | None, index: ModuleIndex) -> bool:
    """True when `expr` creates `threading.local` storage (or an instance of a subclass)."""
    if not isinstance(expr, ast.Call):
        return False
    if index.qualname(expr.func) in THREAD_LOCAL_FACTORIES:
        return True
    if isinstance(expr.func, ast.Name):
        info = index.module_classes.get(expr.func.id)
        if info is not None:
            return any(index.qualname(base) in THREAD_LOCAL_FACTORIES for base in info.node.bases)
    return False


def is_context_local(expr: ast.expr | None, index: ModuleIndex) -> bool:
    """True when `expr` creates context-local storage (a ContextVar, asgiref's `Local`)."""
    return isinstance(expr, ast.Call) and index.qualname(expr.func) in CONTEXT_LOCAL_FACTORIES


def is_shared_store_client(expr: ast.expr | None, index: ModuleIndex) -> bool:
    """True when `expr` creates a client of Redis, a database or another shared service."""
    if not isinstance(expr, ast.Call):
        return False
    name = index.qualname(expr.func) or ""
    return name.partition(".")[0] in SHARED_STORE_PACKAGES


# Attributes that hold a connection to a shared store: `self.db_session.add(row)` writes to
# the database, not to the object.
_CONNECTION_NAME = re.compile(
    r"(?:^|_)(?:db|database|conn|connection|session|redis|http|client|engine|pool|cursor)$",
    re.IGNORECASE,
)


def is_connection_name(name: str) -> bool:
    """True for `db`, `session`, `db_session`, `redis`, `http_client` (not `sessions`)."""
    return _CONNECTION_NAME.search(name) is not None


def is_resource_name(name: str) -> bool:
    """True for names of resource containers (`_connection_pools`, `_clients`, `_locks`)."""
    return _RESOURCE_NAME.search(name) is not None


def is_decorator_body(function: FunctionInfo) -> bool:
    """True for the body of a decorator: `def deco(func): ...; return func` (or a wrapper).

    Its statements run when a function is decorated, normally at import time, so a table it
    fills is a registry, not request state. The wrapper it returns runs per call and is not
    covered.
    """
    node = function.node
    if isinstance(node, ast.Lambda) or len(function.params) != 1:
        return False
    param = function.params[0].arg
    if not _DECORATED_PARAM.match(param):
        return False
    # What it may return: the decorated object itself, or a wrapper defined inside it.
    nested = {param}
    for statement in ast.walk(node):
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            nested.add(statement.name)
    return any(
        isinstance(statement, ast.Return)
        and isinstance(statement.value, ast.Name)
        and statement.value.id in nested
        for statement in ast.walk(node)
    )


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


def is_model_class(
    info: ClassInfo, index: ModuleIndex, _seen: frozenset[str] = frozenset()
) -> bool:
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
        name = index.qualname(target) or ""
        short = last_name(name)
        if short in MODEL_BASES:
            return True
        if (
            name in local_classes
            and name not in _seen
            and is_model_class(local_classes[name], index, _seen | {name})
        ):
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


def is_setup_name(name: str) -> bool:
    """True for names of code that runs once at startup (`startup`, `lifespan`, `setup_db`)."""
    return _SETUP_NAME.match(name) is not None


def is_startup_event(call: ast.Call) -> bool:
    """True for `add_event_handler("startup", fn)`-style calls: `fn` runs once per process."""
    return any(isinstance(arg, ast.Constant) and arg.value in _STARTUP_EVENTS for arg in call.args)


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
            if (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "on_event"
                and any(
                    isinstance(arg, ast.Constant) and arg.value in _STARTUP_EVENTS
                    for arg in decorator.args
                )
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
    for klass in index.classes:
        for decorator in klass.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(target, ast.Name):
                names.add(target.id)
    names.update(_class_time_methods(index))
    return names


# Hooks that run when a class is created (at import), not when it is used.
_CLASS_CREATION_HOOKS = frozenset({"__init_subclass__", "__set_name__", "__class_getitem__"})
_METACLASS_HOOKS = frozenset({"__init__", "__new__", "__prepare__"})


def _class_time_methods(index: ModuleIndex) -> set[str]:
    """`Class.method` names run while classes are created or by module-level statements.

    Methods called through `cls` from `__init_subclass__` (or a metaclass's `__init__`), and
    `Class.method()` calls at module level, build per-class tables once, at import.
    """
    classes = index.module_classes
    methods: set[tuple[str, str]] = set()
    for call, scope in index.calls:
        func = call.func
        if (
            scope.kind == "module"
            and isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in classes
        ):
            methods.add((func.value.id, func.attr))
    pending: list[FunctionInfo] = []
    for info in classes.values():
        is_metaclass = any(index.qualname(base) == "type" for base in info.node.bases)
        for name, method in info.methods.items():
            if name in _CLASS_CREATION_HOOKS or (is_metaclass and name in _METACLASS_HOOKS):
                pending.append(method)
    for name_pair in list(methods):
        owner = classes[name_pair[0]]
        if name_pair[1] in owner.methods:
            pending.append(owner.methods[name_pair[1]])
    seen: set[int] = set()
    while pending:  # what those methods call through their first parameter runs then too
        method = pending.pop()
        if id(method) in seen or method.cls is None or not method.params:
            continue
        seen.add(id(method))
        first = method.params[0].arg
        for node in ast.walk(method.node):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == first
            ):
                defining = _defining_class(method.cls, node.func.attr, classes)
                if defining is not None:
                    methods.add((defining.name, node.func.attr))
                    pending.append(defining.methods[node.func.attr])
    return {f"{owner}.{name}" for owner, name in methods}


def _defining_class(
    info: ClassInfo, method: str, classes: dict[str, ClassInfo], depth: int = 0
) -> ClassInfo | None:
    if method in info.methods:
        return info
    if depth > 10:
        return None
    for base in info.node.bases:
        if isinstance(base, ast.Name) and base.id in classes and base.id != info.name:
            found = _defining_class(classes[base.id], method, classes, depth + 1)
            if found is not None:
                return found
    return None


def runs_at_import(function: FunctionInfo, import_time: set[str]) -> bool:
    """True when `function` (or the function it is nested in) is run by the module's import."""
    current: FunctionInfo | None = function
    while current is not None:
        if current.outer.kind == "module" and current.name in import_time:
            return True
        if current.cls is not None and f"{current.cls.name}.{current.name}" in import_time:
            return True
        current = current.outer_function()
    return False


def lazy_init_guard(node: ast.AST, target: str, function: FunctionInfo) -> bool:
    """True when `node` sits under `if X is None:` / `if not X:`, `target` being `ast.dump(X)`.

    `if _client is None: _client = make_client()` creates a process-wide client once: a
    connection pool, not request state.
    """
    for candidate in _guard_candidates(function):
        if isinstance(candidate, ast.Assign):
            if _or_default(candidate, node, target):
                return True  # `_default = _default or load()`
            continue
        if _tests_none(candidate.test, target):
            for statement in candidate.body:
                for inner in ast.walk(statement):
                    if inner is node:
                        return True
        elif _tests_set(candidate.test, target) and isinstance(candidate.body[-1], ast.Return):
            return True  # `if _client is not None: return _client` before creating it
    return False


def _guard_candidates(function: FunctionInfo) -> list[ast.If | ast.Assign]:
    """The `if` statements and `x = x or ...` assignments of a function (walked once)."""
    cached = function.memo.get("guards")
    if isinstance(cached, list):
        return cached
    found: list[ast.If | ast.Assign] = [
        node
        for node in ast.walk(function.node)
        if isinstance(node, ast.If)
        or (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.BoolOp)
            and isinstance(node.value.op, ast.Or)
        )
    ]
    function.memo["guards"] = found
    return found


def _or_default(assign: ast.Assign, node: ast.AST, target: str) -> bool:
    if not any(t is node for t in assign.targets) and assign is not node:
        return False
    value = assign.value
    return (
        isinstance(value, ast.BoolOp)
        and isinstance(value.op, ast.Or)
        and ast.dump(value.values[0]) == target
    )


def _tests_set(test: ast.expr, target: str) -> bool:
    """`if X:` / `if X is not None:` guarding an early return of the cached value.

    `if X and time.time() - loaded_at < TTL:` is the same check with an expiry.
    """
    if ast.dump(test) == target:
        return True
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        # Any part of the check may name it: `X and now - loaded_at < TTL` guards `loaded_at`.
        return any(
            isinstance(node, ast.Name | ast.Attribute) and ast.dump(node) == target
            for node in ast.walk(test)
        )
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.IsNot)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        return ast.dump(test.left) == target
    return False


def tests_none(test: ast.expr, target: str) -> bool:
    """True for `X is None`, `not X`, `not hasattr(o, "a")` tests of `target` (`ast.dump(X)`)."""
    return _tests_none(test, target)


def _tests_none(test: ast.expr, target: str) -> bool:
    if isinstance(test, ast.BoolOp):
        return any(_tests_none(value, target) for value in test.values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        operand = test.operand
        if (
            isinstance(operand, ast.Call)
            and isinstance(operand.func, ast.Name)
            and operand.func.id == "hasattr"
            and len(operand.args) == 2
            and isinstance(operand.args[1], ast.Constant)
            and isinstance(operand.args[1].value, str)
        ):
            # `if not hasattr(self, "_fqdn"): self._fqdn = ...`
            attribute = ast.Attribute(
                value=operand.args[0], attr=operand.args[1].value, ctx=ast.Load()
            )
            return ast.dump(attribute) == target
        return ast.dump(operand) == target
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is | ast.Eq)
    ):
        comparator = test.comparators[0]
        if isinstance(comparator, ast.Constant) and comparator.value is None:
            left = test.left
            if (
                isinstance(left, ast.Call)
                and isinstance(left.func, ast.Name)
                and left.func.id == "getattr"
                and len(left.args) >= 2
                and isinstance(left.args[1], ast.Constant)
                and isinstance(left.args[1].value, str)
            ):
                # `if getattr(self, "metadata", None) is None: self.metadata = ...`
                left = ast.Attribute(value=left.args[0], attr=left.args[1].value, ctx=ast.Load())
            return ast.dump(left) == target
    return False


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
