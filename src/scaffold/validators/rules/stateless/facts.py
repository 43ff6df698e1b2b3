"""The facts each module contributes to the project index, for the stateless rules.

Computed from one file's `ModuleIndex` and cached with its findings, so they depend on the
file's content only: references are kept as written (`stores.MemoryStore`), and the project
index resolves them against the file's imports when the run links its files together.

- `names`: module-level names and their kind (`c` class, `f` function, `v` value);
- `imports`: the module's import map (local name -> dotted target);
- `classes`: per class, the methods that change `self` after construction (`mut`, with the
  line), the methods each method calls through `self` (`self`), its bases (`bases`) and the
  objects `__init__` creates and keeps (`has`);
- `returns`: per module-level function, the calls whose fresh result it returns (a factory);
- `values`: module-level names bound to a call (what they are built by), `containers`: those
  bound to a mutable container (and its kind);
- `calls`: every call of a module-level name (local or imported), with the contexts it is
  made from (a bit mask: import time, startup, command line, request, test);
- `serves`: the module starts a server or builds a web or MCP application;
- `script`: the module is a command-line script (a `__main__` block) that serves nothing.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from typing import Any

from scaffold.validators.ast_index import ClassInfo, FunctionInfo, ModuleIndex
from scaffold.validators.ast_index import dotted_name as dotted
from scaffold.validators.rules.stateless import patterns
from scaffold.validators.rules.stateless.class_state import INIT_METHODS
from scaffold.validators.rules.stateless.self_state import mutating_methods, self_calls

# Where a call is made from.
AT_IMPORT = 1
AT_STARTUP = 2
AT_COMMAND_LINE = 4
AT_REQUEST = 8
IN_TESTS = 16
# Calls made only from these contexts do not run while the process serves requests.
NOT_SERVING = AT_IMPORT | AT_STARTUP | AT_COMMAND_LINE | IN_TESTS

_STDLIB = frozenset(sys.stdlib_module_names)
# What a server module calls: the classes of web and MCP applications, functions that serve,
# and the methods that start serving (on an imported module or a server object).
_SERVER_CLASSES = frozenset(
    {
        "FastAPI",
        "Starlette",
        "Flask",
        "Quart",
        "Sanic",
        "FastMCP",
        "MCPServer",
        "APIRouter",
        "StreamableHTTPSessionManager",
        "ChatKitServer",
    }
)
_SERVE_FUNCTIONS = frozenset(
    {"stdio_server", "sse_server", "websocket_server", "streamable_http_app", "sse_app"}
)
_SERVE_METHODS = frozenset(
    {
        "run",
        "serve",
        "run_app",
        "run_server",
        "run_simple",
        "serve_forever",
        "run_stdio_async",
        "run_sse_async",
        "run_streamable_http_async",
    }
)
_SERVER_NAMES = _SERVER_CLASSES | _SERVE_FUNCTIONS | _SERVE_METHODS | {"Server"}
# A server object holds its own registrations (routes, tools, handlers): not a store.
SERVER_CLASS_NAMES = _SERVER_CLASSES | {"Server"}
# Packages whose module-level `run`/`serve` start a server (`django.views.static.serve` does not).
_SERVER_PACKAGES = frozenset(
    {"uvicorn", "hypercorn", "waitress", "gunicorn", "granian", "daphne", "aiohttp", "mcp"}
)
# `oauth_server.run_starlette_server()`, `server.start_server()`: a project's own server object.
_SERVE_METHOD = re.compile(r"^(?:run|start)_\w*server$|^serve_\w+$")
_SERVE_COROUTINES = frozenset(
    {"run_stdio_async", "run_sse_async", "run_streamable_http_async", "serve", "serve_forever"}
)
_EVENT_LOOPS = frozenset({"asyncio", "anyio", "trio", "uvloop"})
# `asyncio.run(main())` runs a coroutine and `Runner.run(agent, ...)` an agent: not servers.
_NOT_SERVERS = frozenset(
    {"asyncio", "anyio", "trio", "uvloop", "Runner", "subprocess", "loop", "multiprocessing"}
)
_COMMAND_DECORATORS = frozenset({"command", "group", "callback"})
_CONFIG_CLASS = re.compile(r"(?:Settings|Config|Configuration|Options)$")
_COMMAND_PACKAGES = frozenset({"click", "typer", "asyncclick", "cyclopts"})


def module_facts(module: ModuleIndex) -> dict[str, Any]:
    """The facts of one module (see the module docstring for the keys)."""
    facts: dict[str, Any] = {}
    imports = {
        local: target
        for local, target in module.imports.items()
        if target.partition(".")[0] not in _STDLIB
    }
    if imports:
        facts["imports"] = imports
    names: dict[str, str] = {}
    for name in module.module_values:
        names[name] = "v"
    for function in module.functions:
        if function.outer.kind == "module" and function.name != "<lambda>":
            names[function.name] = "f"
    classes: dict[str, Any] = {}
    for info in module.module_classes.values():
        names[info.name] = "c"
        entry: dict[str, Any] = {}
        bases = [ref for ref in (_base_ref(base) for base in info.node.bases) if ref]
        if _CONFIG_CLASS.search(info.name) or any(
            ref.rpartition(".")[2] == "BaseSettings" for ref in bases
        ):
            # Settings changed at startup (`config.apply_cli_overrides(args)`) configure the
            # process; they are not data a request leaves behind.
            classes[info.name] = {"config": True}
            continue
        mutating = mutating_methods(info, module)
        if mutating:
            entry["mut"] = {name: getattr(node, "lineno", 0) for name, node in mutating.items()}
            entry["defs"] = sorted(info.methods)
        if bases:
            entry["bases"] = bases
        through_self = {
            caller: sorted(callees)
            for caller, callees in self_calls(info, module).items()
            if caller not in INIT_METHODS
        }
        if through_self:
            entry["self"] = through_self
        has = _composed(info)
        if has:
            entry["has"] = has
        if entry:
            classes[info.name] = entry
    for name in imports:
        names.pop(name, None)
    if names:
        facts["names"] = names
    if classes:
        facts["classes"] = classes
    returns = _factories(module)
    if returns:
        facts["returns"] = returns
    values = {
        name: ref
        for name, assigned in module.module_values.items()
        if isinstance(assigned[-1], ast.Call) and (ref := dotted(assigned[-1].func))
    }
    if values:
        facts["values"] = values
    containers = {
        name: patterns.container_kind(assigned[-1:], module)
        for name, assigned in module.module_values.items()
        if patterns.is_container(assigned[-1], module)
    }
    if containers:
        facts["containers"] = containers
    calls = _calls(module)
    if calls:
        facts["calls"] = calls
    if serves(module):
        facts["serves"] = True
    elif is_script(module):
        facts["script"] = True
    return facts


def _base_ref(base: ast.expr) -> str | None:
    target = base.value if isinstance(base, ast.Subscript) else base
    ref = dotted(target)
    return None if ref in ("object", "Generic", "Protocol", "ABC") else ref


def _composed(info: ClassInfo) -> dict[str, list[str]]:
    """What an instance creates and keeps: `self.store = Store()` or `store or Store()` in
    `__init__`, `super().__init__(Store())`, a dataclass `field(default_factory=Store)`."""
    has: dict[str, list[str]] = {}
    for attribute, value in info.attrs.items():
        if isinstance(value, ast.Call) and patterns.last_name(dotted(value.func)) == "field":
            for keyword in value.keywords:
                ref = dotted(keyword.value) if keyword.arg == "default_factory" else None
                if ref is not None:
                    has.setdefault(attribute, []).append(ref)
    for name in INIT_METHODS:
        method = info.methods.get(name)
        if method is None or not method.params:
            continue
        first = method.params[0].arg
        if isinstance(method.node, ast.Lambda):
            continue
        for node in _statements(method.node.body):
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == first
                    ):
                        _created(node.value, has.setdefault(target.attr, []))
            elif (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute)
                and node.value.func.attr == "__init__"
            ):
                call = node.value
                for argument in (*call.args, *(keyword.value for keyword in call.keywords)):
                    _created(argument, has.setdefault("__init__", []))
    return {attribute: refs for attribute, refs in has.items() if refs}


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a body, nested blocks included, nested functions and classes not."""
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for name in ("body", "orelse", "finalbody", "handlers"):
            inner = getattr(statement, name, None)
            if isinstance(inner, list):
                stack.extend(reversed([s for s in inner if isinstance(s, ast.stmt)]))
        for handler in getattr(statement, "handlers", ()):
            if isinstance(handler, ast.ExceptHandler):
                stack.extend(reversed(handler.body))


def _created(value: ast.expr, refs: list[str]) -> None:
    """The classes or factories an expression calls to make the value it yields."""
    if isinstance(value, ast.BoolOp):
        for operand in value.values:
            _created(operand, refs)
    elif isinstance(value, ast.IfExp):
        _created(value.body, refs)
        _created(value.orelse, refs)
    elif isinstance(value, ast.Call):
        ref = dotted(value.func)
        if ref is not None and ref not in refs:
            refs.append(ref)


def _factories(module: ModuleIndex) -> dict[str, list[str]]:
    """Module-level functions returning a new object (`return Store()`, or through a local)."""
    found: dict[str, list[str]] = {}
    for statement, scope in module.returns:
        function = scope.enclosing_function()
        value = statement.value
        if function is None or function.outer.kind != "module" or value is None:
            continue
        ref: str | None = None
        if isinstance(value, ast.Call):
            ref = dotted(value.func)
        elif isinstance(value, ast.Name) and value.id in function.scope.locals:
            ref = _local_call(function, value.id)
        if ref is not None and ref not in found.get(function.name, ()):
            found.setdefault(function.name, []).append(ref)
    return found


def _local_call(function: FunctionInfo, name: str) -> str | None:
    for value in reversed(function.scope.values.get(name, ())):
        if isinstance(value, ast.Call):
            return dotted(value.func)
    return None


def _calls(module: ModuleIndex) -> dict[str, int]:
    calls: dict[str, int] = {}
    contexts = CallContexts(module)
    for call, scope in module.calls:
        ref = dotted(call.func)
        if ref is None:
            continue
        root = ref.partition(".")[0]
        if module.resolve(root, scope)[0] != "module":
            continue
        target = module.imports.get(root)
        if target is not None and target.partition(".")[0] in _STDLIB:
            continue
        function = scope.enclosing_function()
        context = AT_IMPORT if function is None else contexts.of(function)
        calls[ref] = calls.get(ref, 0) | context
    for info in module.functions:
        if info.outer.kind in ("module", "class"):
            for decorator in info.decorators:
                _decorator_use(decorator, calls)
    for klass in module.classes:
        for decorator in klass.node.decorator_list:
            _decorator_use(decorator, calls)
    return calls


def _decorator_use(decorator: ast.expr, calls: dict[str, int]) -> None:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    ref = dotted(target)
    if ref is not None and "." in ref:
        calls[ref] = calls.get(ref, 0) | AT_IMPORT


class CallContexts:
    """The context a function runs in: import, startup, command line, request or test."""

    def __init__(self, module: ModuleIndex) -> None:
        self.module = module
        self.command_line = command_line_functions(module)
        self.import_time = patterns.import_time_functions(module)
        self._memo: dict[int, int] = {}

    def of(self, function: FunctionInfo) -> int:
        known = self._memo.get(id(function))
        if known is not None:
            return known
        context = self._context(function)
        self._memo[id(function)] = context
        return context

    def _context(self, function: FunctionInfo) -> int:
        top = function
        while top.outer_function() is not None:
            top = top.outer_function()  # type: ignore[assignment]
        if top.name.startswith("test") or any(
            patterns.last_name(patterns.decorator_name(d, self.module)) == "fixture"
            for d in top.decorators
        ):
            return IN_TESTS
        if patterns.is_setup_function(function, self.module):
            return AT_STARTUP
        if top.outer.kind == "module" and top.name in self.command_line:
            return AT_COMMAND_LINE
        if patterns.runs_at_import(function, self.import_time):
            return AT_IMPORT
        return AT_REQUEST


def main_blocks(module: ModuleIndex) -> list[ast.If]:
    blocks: list[ast.If] = []
    for statement in module.tree.body:
        if not isinstance(statement, ast.If):
            continue
        test = statement.test
        if (
            isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name)
            and test.left.id == "__name__"
            and len(test.comparators) == 1
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__"
        ):
            blocks.append(statement)
    return blocks


def serves(module: ModuleIndex) -> bool:
    """True when the module starts a server, builds a web or MCP application, or registers
    handlers that a long-running process calls (a chat bot's `@bot.on_message`, an
    `app.add_handler(...)`)."""
    cached = module.memo.get("serves")
    if isinstance(cached, bool):
        return cached
    found = any(is_server_call(call, module) for call, _ in module.calls) or _registers_handlers(
        module
    )
    module.memo["serves"] = found
    return found


# Decorator attributes that do not register a handler: properties, caches, CLI commands.
_NOT_HANDLER_DECORATORS = frozenset(
    {"setter", "getter", "deleter", "cache", "cached_property", "lru_cache", "wraps"}
    | _COMMAND_DECORATORS
)
_HANDLER_REGISTRATIONS = re.compile(r"^add_\w*(?:handler|route|listener|tool)s?$|^include_router$")


def _registers_handlers(module: ModuleIndex) -> bool:
    """`@bot.message_handler(...)` on a module-level object, or `x.add_handler(fn)` calls."""
    for call, _ in module.calls:
        func = call.func
        if isinstance(func, ast.Attribute) and _HANDLER_REGISTRATIONS.match(func.attr):
            return True
    for function in module.functions:
        if function.outer.kind != "module":
            continue
        for decorator in function.decorators:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if not isinstance(target, ast.Attribute) or target.attr in _NOT_HANDLER_DECORATORS:
                continue
            root = patterns.root_name(target)
            if root is not None and root.id in module.module_values:
                return True  # a method of an object this module built: a registration
    return False


def is_server_call(call: ast.Call, module: ModuleIndex) -> bool:
    """`uvicorn.run(...)`, `mcp.run()`, `FastAPI()`, `MCPServer(...)`, `stdio_server()`..."""
    func = call.func
    spelled = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if not (
        spelled in _SERVER_NAMES
        or _SERVE_METHOD.match(spelled)
        or any(isinstance(argument, ast.Attribute) for argument in call.args)
    ):
        return False  # the common case, decided without resolving names
    written = dotted(call.func)
    if written is None:
        return False
    parts = (module.qualname(call.func) or "").split(".")
    last = parts[-1]
    if _SERVE_METHOD.match(last):
        return True
    if parts[0] in _EVENT_LOOPS and any(  # `anyio.run(mcp.run_streamable_http_async)`
        isinstance(argument, ast.Attribute) and argument.attr in _SERVE_COROUTINES
        for argument in call.args
    ):
        return True
    if len(parts) < 2 or _NOT_SERVERS.intersection(parts[:-1]):
        return False  # a function of this module (`run()`), an event loop, an agent runner
    if last in _SERVER_CLASSES or last in _SERVE_FUNCTIONS:
        return True
    if parts[0] == "mcp" and last == "Server":
        return True
    if last in _SERVE_METHODS:
        root = written.partition(".")[0]
        if root in module.imports:  # `uvicorn.run(app)`, `web.run_app(app)`
            return parts[0] in _SERVER_PACKAGES
        values = module.module_values.get(root, [])
        return any(
            isinstance(value, ast.Call)
            and patterns.last_name(module.qualname(value.func)) in (*_SERVER_CLASSES, "Server")
            for value in values
        )
    return False


def is_script(module: ModuleIndex) -> bool:
    """A command-line program: it has a `__main__` block and serves no requests."""
    return bool(main_blocks(module)) and not serves(module)


def command_line_functions(module: ModuleIndex) -> frozenset[str]:
    """Module-level functions that only a command line runs, in a module that serves nothing.

    The roots are the functions the `if __name__ == "__main__":` block calls or names, and
    click or typer commands; a function stays in the set while everything calling it is in the
    set too. In a module that starts a server, the command line is the server: none count.
    """
    cached = module.memo.get("command_line_functions")
    if isinstance(cached, frozenset):
        return cached
    result: frozenset[str] = frozenset()
    module.memo["command_line_functions"] = result
    if serves(module):
        return result
    functions = {info.name: info for info in module.functions if info.outer.kind == "module"}
    roots: set[str] = set()
    for block in main_blocks(module):
        for node in ast.walk(block):
            if isinstance(node, ast.Name) and node.id in functions:
                roots.add(node.id)
    for name, info in functions.items():
        for decorator in info.decorators:
            qualified = patterns.decorator_name(decorator, module)
            parts = qualified.split(".")
            if parts[-1] in _COMMAND_DECORATORS and (
                parts[0] in _COMMAND_PACKAGES or len(parts) == 2
            ):
                roots.add(name)
    if not roots:
        return result
    callers: dict[str, set[str]] = {}
    for call, scope in module.calls:
        if not isinstance(call.func, ast.Name) or call.func.id not in functions:
            continue
        if module.resolve(call.func.id, scope)[0] != "module":
            continue
        function = scope.enclosing_function()
        caller = "<module>"
        while function is not None:
            if function.outer.kind == "module":
                caller = function.name
                break
            function = function.outer_function()
        callers.setdefault(call.func.id, set()).add(caller)
    main_nodes = {id(node) for block in main_blocks(module) for node in ast.walk(block)}
    outside_main = {
        call.func.id
        for call, scope in module.calls
        if scope.kind == "module" and isinstance(call.func, ast.Name) and id(call) not in main_nodes
    }
    members = set(roots)
    pending = list(roots)
    while pending:  # everything the roots call, transitively
        current = pending.pop()
        for callee, by in callers.items():
            if current in by and callee not in members:
                members.add(callee)
                pending.append(callee)
    changed = True
    while changed:  # drop what code outside the command line calls too
        changed = False
        for name in list(members):
            if name in roots:
                continue
            by = callers.get(name, set()) - {"<module>"}
            if name in outside_main or not by <= members:
                members.discard(name)
                changed = True
    result = frozenset(
        name for name in members if not patterns.is_request_handler(functions[name], module)
    )
    module.memo["command_line_functions"] = result
    return result
