"""SA111: middleware that changes its own attributes while handling requests."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from scaffold.validators.ast_index import ClassInfo, FunctionInfo, ModuleIndex, Mutation
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns

# Methods where `self.x = ...` sets up the instance before it serves anything.
_INIT_METHODS = frozenset({"__init__", "__post_init__", "__new__", "__attrs_post_init__"})
_HTTP_MIDDLEWARE_BASES = frozenset({"BaseHTTPMiddleware"})
# Methods the framework calls per request: Starlette's `dispatch`, the ASGI `__call__`.
_ENTRY_METHODS = ("dispatch", "__call__")
# ASGI callables that are built per request (a responder wrapping one call, a response).
_PER_REQUEST_NAME = re.compile(r".*(?:Responder|Response|Request|Stream|Sender|Receiver)$")
_SELF_MUTATIONS = frozenset({"setattr", "delattr", "method", "setitem", "delitem"})


class MiddlewareStateRule(Rule):
    """One middleware instance per app, changed by every request it sees."""

    code = "SA111"
    name = "stateful-middleware"
    summary = "Middleware that changes its own attributes per request"
    rationale = (
        "Starlette and FastAPI build each middleware once, when the app starts, and route "
        "every request of the process through that one object. A `BaseHTTPMiddleware` whose "
        "`dispatch` counts hits per IP in `self.hits`, remembers `self.last_user`, or collects "
        "tokens in a set, and a pure ASGI middleware whose `__call__` does the same, keeps "
        "process state: requests race on it, each instance behind the load balancer has its "
        "own copy, and a restart empties it. Attributes set in `__init__`, lazily created "
        "clients, locks and pools, and per-request data in `request.state` or "
        '`scope["state"]` are fine.'
    )
    fix = (
        "Keep per-request data on `request.state` (or `scope['state']`), and move counters, "
        "rate-limit windows and seen tokens to a shared store (Redis, the database) that every "
        "instance reads; create clients in `__init__` or the lifespan."
    )
    invalid = (
        """\
import time

from starlette.middleware.base import BaseHTTPMiddleware


class RateLimitMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, limit: int = 60) -> None:
        super().__init__(app)
        self.limit = limit
        self.hits: dict[str, list[float]] = {}

    async def dispatch(self, request, call_next):
        ip = request.client.host
        self.hits[ip] = [t for t in self.hits.get(ip, []) if t > time.time() - 60]
        self.hits[ip].append(time.time())
        return await call_next(request)
""",
        """\
class UsageMiddleware:
    def __init__(self, app) -> None:
        self.app = app
        self.requests_served = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            self.requests_served += 1
        await self.app(scope, receive, send)
""",
        """\
from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware


class TokenAuthMiddleware(BaseHTTPMiddleware):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.seen_tokens: set[str] = set()

    async def dispatch(self, request: Request, call_next):
        self._remember(request.headers.get("authorization", ""))
        return await call_next(request)

    def _remember(self, token: str) -> None:
        self.seen_tokens.add(token)


app = FastAPI()
app.add_middleware(TokenAuthMiddleware)
""",
        """\
from fastapi import FastAPI
from starlette.middleware import Middleware


class LastUserMiddleware:
    def __init__(self, app) -> None:
        self.app = app
        self.last_user: str | None = None

    async def __call__(self, scope, receive, send) -> None:
        headers = dict(scope.get("headers", []))
        self.last_user = headers.get(b"x-user-id", b"").decode()
        await self.app(scope, receive, send)


app = FastAPI(middleware=[Middleware(LastUserMiddleware)])
""",
    )
    valid = (
        """\
import time

from redis.asyncio import Redis
from starlette.middleware.base import BaseHTTPMiddleware


class RateLimitMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, redis: Redis, limit: int = 60) -> None:
        super().__init__(app)
        self.redis = redis
        self.limit = limit

    async def dispatch(self, request, call_next):
        key = f"hits:{request.client.host}:{int(time.time() // 60)}"
        request.state.hits = await self.redis.incr(key)
        await self.redis.expire(key, 60)
        return await call_next(request)
""",
        """\
import uuid


class RequestIdMiddleware:
    def __init__(self, app, header: str = "x-request-id") -> None:
        self.app = app
        self.header = header

    async def __call__(self, scope, receive, send) -> None:
        scope.setdefault("state", {})["request_id"] = uuid.uuid4().hex
        await self.app(scope, receive, send)
""",
        """\
import httpx
from starlette.middleware.base import BaseHTTPMiddleware


class AuditMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, audit_url: str) -> None:
        super().__init__(app)
        self.audit_url = audit_url
        self._client: httpx.AsyncClient | None = None

    async def dispatch(self, request, call_next):
        if self._client is None:
            self._client = httpx.AsyncClient(base_url=self.audit_url)
        response = await call_next(request)
        await self._client.post("/events", json={"path": request.url.path})
        return response
""",
        """\
import asyncio

from starlette.middleware.base import BaseHTTPMiddleware


class ConcurrencyMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, limit: int = 8) -> None:
        super().__init__(app)
        self._locks: dict[str, asyncio.Lock] = {}

    async def dispatch(self, request, call_next):
        lock = self._locks.setdefault(request.url.path, asyncio.Lock())
        async with lock:
            return await call_next(request)
""",
        """\
from starlette.middleware.base import BaseHTTPMiddleware

from app.config import Settings


class MaintenanceMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, settings: Settings) -> None:
        super().__init__(app)
        self.settings = settings

    async def dispatch(self, request, call_next):
        if self.settings.maintenance and request.url.path != "/health":
            request.state.maintenance = True
        return await call_next(request)
""",
        """\
class BodySizeResponder:
    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.received = 0

    async def __call__(self, scope, receive, send) -> None:
        async def counted_receive():
            message = await receive()
            self.received += len(message.get("body", b""))
            return message

        await self.app(scope, counted_receive, send)


class BodySizeMiddleware:
    def __init__(self, app, limit: int = 1_000_000) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        await BodySizeResponder(self.app, self.limit)(scope, receive, send)
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        middlewares = _middleware_classes(module)
        if not middlewares:
            return
        classes = module.module_classes
        by_method = _mutations_by_method(module)
        reported: set[int] = set()
        for info, entries in middlewares:
            for method in _request_methods(info, entries, classes):
                if id(method.node) in reported or method.cls is None:
                    continue
                first = _first_mutation(method, by_method.get(id(method.node), []), module)
                if first is None:
                    continue
                reported.add(id(method.node))
                mutation, attr = first
                if attr in options.allowed_globals:
                    continue
                yield Violation(
                    mutation.node,
                    f"middleware `{method.cls.name}` changes `self.{attr}` in `{method.name}()`: "
                    "the app builds one middleware object per process, so every request of this "
                    "process shares it and other instances do not see it",
                )


def _middleware_classes(module: ModuleIndex) -> list[tuple[ClassInfo, tuple[str, ...]]]:
    """Middleware classes of the module, each with the methods the framework calls on it.

    A class registered with `add_middleware(Cls)` or `Middleware(Cls)` whose entry point is
    inherited from elsewhere has every method but its initialisers as entries (the base class
    calls them per request).
    """
    classes = module.module_classes
    if not classes:
        return []
    registered = _registered_classes(module)
    per_request: set[str] | None = None  # computed for the first ASGI callable only
    found: list[tuple[ClassInfo, tuple[str, ...]]] = []
    for info in classes.values():
        if _is_http_middleware(info, module, classes):
            found.append((info, ("dispatch",)))
        elif info.name in registered:
            entries = tuple(
                name for name in _ENTRY_METHODS if _defining(info, name, classes) is not None
            )
            if not entries:
                entries = tuple(
                    name
                    for name, method in info.methods.items()
                    if name not in _INIT_METHODS
                    and not (name.startswith("__") and name.endswith("__"))
                    and not patterns.is_setup_function(method, module)
                )
            found.append((info, entries))
        elif (
            _is_asgi_callable(info, classes)
            and not _PER_REQUEST_NAME.match(info.name)
            and not _is_response(info, module, classes)
        ):
            if per_request is None:
                per_request = _built_per_request(module)
            if info.name not in per_request:
                found.append((info, ("__call__",)))
    return found


def _is_http_middleware(
    info: ClassInfo, module: ModuleIndex, classes: dict[str, ClassInfo], depth: int = 0
) -> bool:
    for base in info.node.bases:
        if patterns.last_name(module.qualname(base)) in _HTTP_MIDDLEWARE_BASES:
            return True
        if (
            isinstance(base, ast.Name)
            and base.id in classes
            and base.id != info.name
            and depth < 10
            and _is_http_middleware(classes[base.id], module, classes, depth + 1)
        ):
            return True
    return False


def _is_response(info: ClassInfo, module: ModuleIndex, classes: dict[str, ClassInfo]) -> bool:
    """Response classes are ASGI callables too, but one is built for each request."""
    for base in info.node.bases:
        name = patterns.last_name(module.qualname(base))
        if name.endswith("Response") or (
            name in classes and name != info.name and _PER_REQUEST_NAME.match(name)
        ):
            return True
    return False


def _is_asgi_callable(info: ClassInfo, classes: dict[str, ClassInfo]) -> bool:
    """`async def __call__(self, scope, receive, send)`, defined here or on a local base."""
    method = _defining(info, "__call__", classes)
    if method is None or not isinstance(method.node, ast.AsyncFunctionDef):
        return False
    if len(method.params) != 4:
        return False
    if [param.arg for param in method.params[1:]] == ["scope", "receive", "send"]:
        return True
    annotations = [param.annotation for param in method.params[1:]]
    return [_annotation_name(annotation) for annotation in annotations] == [
        "Scope",
        "Receive",
        "Send",
    ]


def _annotation_name(annotation: ast.expr | None) -> str:
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.rpartition(".")[2]  # a quoted annotation
    if isinstance(annotation, ast.Name):
        return annotation.id
    if isinstance(annotation, ast.Attribute):
        return annotation.attr
    return ""


def _registered_classes(module: ModuleIndex) -> set[str]:
    """Names passed as the class of `app.add_middleware(Cls)` or `Middleware(Cls)`."""
    names: set[str] = set()
    for call, _ in module.calls:
        if not call.args or not isinstance(call.args[0], ast.Name):
            continue
        func = call.func
        if (isinstance(func, ast.Attribute) and func.attr == "add_middleware") or (
            patterns.last_name(module.qualname(func)) == "Middleware"
        ):
            names.add(call.args[0].id)
    return names


def _built_per_request(module: ModuleIndex) -> set[str]:
    """Classes instantiated inside request-time code: per-request objects, not middleware."""
    classes = module.module_classes
    import_time = patterns.import_time_functions(module)
    names: set[str] = set()
    for call, scope in module.calls:
        func = call.func
        if not isinstance(func, ast.Name) or func.id not in classes:
            continue
        function = scope.enclosing_function()
        if function is None or patterns.runs_at_import(function, import_time):
            continue
        if patterns.is_setup_function(function, module):
            continue
        names.add(func.id)
    return names


def _defining(
    info: ClassInfo, name: str, classes: dict[str, ClassInfo], depth: int = 0
) -> FunctionInfo | None:
    """The method `name` of a class, found on the class or a base defined in the module."""
    method = info.methods.get(name)
    if method is not None:
        return method
    if depth > 10:
        return None
    for base in info.node.bases:
        if isinstance(base, ast.Name) and base.id in classes and base.id != info.name:
            found = _defining(classes[base.id], name, classes, depth + 1)
            if found is not None:
                return found
    return None


def _request_methods(
    info: ClassInfo, entries: tuple[str, ...], classes: dict[str, ClassInfo]
) -> list[FunctionInfo]:
    """The entry methods and every method they reach through `self.method` (called or passed)."""
    pending = [method for name in entries if (method := _defining(info, name, classes))]
    seen: dict[int, FunctionInfo] = {}
    while pending:
        method = pending.pop()
        if id(method.node) in seen or not method.params or method.name in _INIT_METHODS:
            continue
        seen[id(method.node)] = method
        first = method.params[0].arg
        for node in ast.walk(method.node):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == first
                and isinstance(node.ctx, ast.Load)
            ):
                called = _defining(info, node.attr, classes)
                if called is not None:
                    pending.append(called)
    return sorted(seen.values(), key=lambda method: method.node.lineno)


def _mutations_by_method(module: ModuleIndex) -> dict[int, list[Mutation]]:
    """Mutations grouped by the method they run in (inner functions count for their method)."""
    grouped: dict[int, list[Mutation]] = {}
    for mutation in module.mutations:
        if mutation.kind not in _SELF_MUTATIONS:
            continue
        function = mutation.scope.enclosing_function()
        while function is not None and function.cls is None:
            function = function.outer_function()
        if function is not None:
            grouped.setdefault(id(function.node), []).append(mutation)
    return grouped


def _first_mutation(
    method: FunctionInfo, mutations: list[Mutation], module: ModuleIndex
) -> tuple[Mutation, str] | None:
    """The first change of `self` in the method that is state, with the attribute it changes."""
    first = method.params[0].arg
    found: list[tuple[int, int, Mutation, str]] = []
    for mutation in mutations:
        attr = _self_attribute(mutation, first, method, module)
        if attr is None:
            continue
        node = mutation.node
        found.append((getattr(node, "lineno", 0), getattr(node, "col_offset", 0), mutation, attr))
    if not found:
        return None
    _, _, mutation, attr = min(found, key=lambda item: (item[0], item[1]))
    return mutation, attr


def _self_attribute(
    mutation: Mutation, first: str, method: FunctionInfo, module: ModuleIndex
) -> str | None:
    """The attribute of `self` a mutation changes, or None when it is not request state."""
    target = mutation.target
    if mutation.kind in ("setattr", "delattr"):
        # `self.x = v` only: `self.config.level = v` configures an object the middleware holds.
        if not isinstance(target, ast.Name) or target.id != first or not mutation.attr:
            return None
        chain = [mutation.attr]
    else:
        root = patterns.root_name(target)
        if root is None or root.id != first:
            return None
        chain = patterns.attribute_chain(target)
        if not chain:
            return None
    binding, owner = module.resolve(first, mutation.scope)
    if binding not in ("local", "enclosing") or owner is not method.scope:
        return None
    attr = chain[0]
    if any(patterns.is_resource_name(name) or name == "state" for name in chain):
        return None
    info = method.cls
    if info is not None and _holds_shared_store(info, attr, module):
        return None
    if info is not None and _class_level_container(info, attr, module):
        return None  # a class attribute shared by every instance: rule SA103 reports it
    function = mutation.scope.enclosing_function() or method
    guard = ast.dump(
        ast.Attribute(value=ast.Name(id=first, ctx=ast.Load()), attr=attr, ctx=ast.Load())
    )
    if patterns.lazy_init_guard(mutation.node, guard, function):
        return None  # `if self._client is None: self._client = make_client()`
    if function is not method and patterns.lazy_init_guard(mutation.node, guard, method):
        return None
    return attr


def _holds_shared_store(info: ClassInfo, attr: str, module: ModuleIndex) -> bool:
    """True when `__init__` sets the attribute to a Redis or database client, or a ContextVar."""
    init = info.methods.get("__init__")
    if init is None or not init.params:
        return False
    first = init.params[0].arg
    for node in ast.walk(init.node):
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr == attr
                and isinstance(target.value, ast.Name)
                and target.value.id == first
                and (
                    patterns.is_shared_store_client(node.value, module)
                    or patterns.is_context_local(node.value, module)
                )
            ):
                return True
    return False


def _class_level_container(info: ClassInfo, attr: str, module: ModuleIndex) -> bool:
    if not patterns.is_container(info.attrs.get(attr), module):
        return False
    init = info.methods.get("__init__")
    if init is None:
        return True
    return not any(
        isinstance(node, ast.Attribute) and node.attr == attr and isinstance(node.ctx, ast.Store)
        for node in ast.walk(init.node)
    )
