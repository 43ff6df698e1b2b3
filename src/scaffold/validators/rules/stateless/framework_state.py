"""SA110: in-memory stores created by setup code and handed to a server or framework."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from scaffold.validators.ast_index import FunctionInfo, ModuleIndex
from scaffold.validators.ast_index import dotted_name as dotted
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns
from scaffold.validators.rules.stateless.facts import is_server_call, serves


class FrameworkStateRule(Rule):
    """A stateful object built once at startup and kept by the server for its whole life."""

    code = "SA110"
    name = "framework-held-state"
    summary = "In-memory store created at startup and handed to a server"
    rationale = (
        "Setup code runs once, so what it creates lives as long as the process: an event store, "
        "an OAuth token store or a ChatKit store built in `main()`, `create_app()` or a "
        "lifespan and passed to the server keeps every client's data in this process's memory. "
        "Another instance does not know the tokens, sessions or events, and a restart forgets "
        "them. Clients, engines and settings created there are fine: their methods do not "
        "change their own state. The class may live in any module of the project."
    )
    fix = (
        "Give the server a store backed by the database or Redis (the framework's persistent "
        "implementation of the same interface), created in setup code like the in-memory one."
    )
    invalid = (
        """\
# file: app/event_store.py
class InMemoryEventStore:
    def __init__(self) -> None:
        self.events: dict[str, list[str]] = {}

    async def store_event(self, stream_id: str, message: str) -> str:
        self.events.setdefault(stream_id, []).append(message)
        return str(len(self.events[stream_id]))
# file: app/server.py
import uvicorn
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

from app.event_store import InMemoryEventStore
from app.tools import server


def main() -> None:
    event_store = InMemoryEventStore()
    manager = StreamableHTTPSessionManager(app=server, event_store=event_store)
    uvicorn.run(manager.handle_request, port=8000)
""",
        """\
# file: auth/provider.py
class MemoryTokenProvider:
    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}

    async def exchange(self, code: str) -> str:
        self.tokens[code] = f"token-{code}"
        return self.tokens[code]
# file: auth/server.py
from mcp.server.mcpserver import MCPServer

from auth.provider import MemoryTokenProvider


def create_server() -> MCPServer:
    return MCPServer("notes", auth_server_provider=MemoryTokenProvider())
""",
        """\
from chatkit.server import ChatKitServer
from fastapi import FastAPI


class ThreadMemory:
    def __init__(self) -> None:
        self.threads: dict[str, list[str]] = {}

    def add(self, thread_id: str, item: str) -> None:
        self.threads.setdefault(thread_id, []).append(item)


def create_app() -> FastAPI:
    memory = ThreadMemory()
    app = FastAPI()
    app.state.server = ChatKitServer(memory)
    return app
""",
        """\
from contextlib import asynccontextmanager

from fastapi import FastAPI


class SessionCache:
    def __init__(self) -> None:
        self.sessions: dict[str, dict[str, str]] = {}

    def save(self, session_id: str, data: dict[str, str]) -> None:
        self.sessions[session_id] = data


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.sessions = SessionCache()
    yield
""",
    )
    valid = (
        """\
# file: app/event_store.py
from redis.asyncio import Redis


class RedisEventStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def store_event(self, stream_id: str, message: str) -> str:
        return str(await self.redis.xadd(stream_id, {"message": message}))
# file: app/server.py
import uvicorn
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from redis.asyncio import Redis

from app.event_store import RedisEventStore
from app.tools import server


def main() -> None:
    event_store = RedisEventStore(Redis.from_url("redis://localhost"))
    manager = StreamableHTTPSessionManager(app=server, event_store=event_store)
    uvicorn.run(manager.handle_request, port=8000)
""",
        """\
import httpx
from fastapi import FastAPI


class WeatherClient:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.AsyncClient(base_url=base_url)

    async def forecast(self, city: str) -> dict:
        return (await self.http.get("/forecast", params={"city": city})).json()


def create_app() -> FastAPI:
    app = FastAPI()
    app.state.weather = WeatherClient("https://api.example.com")
    return app
""",
        """\
from agents import Agent, Runner, SQLiteSession


class TurnLog:
    def __init__(self) -> None:
        self.turns: list[str] = []

    def add(self, text: str) -> None:
        self.turns.append(text)


async def main() -> None:
    log = TurnLog()
    agent = Agent(name="demo")
    while (text := input("> ")) != "quit":
        log.add(text)
        print((await Runner.run(agent, text, session=SQLiteSession("cli"))).final_output)


if __name__ == "__main__":
    import asyncio

    asyncio.run(main())
""",
        """\
class Settings:
    def __init__(self, debug: bool) -> None:
        self.debug = debug


def create_app(debug: bool = False) -> dict[str, Settings]:
    return {"settings": Settings(debug)}
""",
        """\
class Counter:
    def __init__(self) -> None:
        self.count = 0

    def bump(self) -> None:
        self.count = self.count + 1


async def handle(request_id: str) -> int:
    counter = Counter()
    counter.bump()
    return counter.count
""",
        """\
# file: app/tables.py
class Table:
    def __init__(self) -> None:
        self.rows: dict[str, int] = {}

    def load(self, name: str) -> None:
        self.rows[name] = len(name)
# file: app/report.py
from app.tables import Table


def setup_report(names: list[str]) -> int:
    table = Table()
    for name in names:
        table.load(name)
    return len(table.rows)
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        import_time = patterns.import_time_functions(module)
        serving = serves(module)
        for function in module.functions:
            if not _builds_server(function, module, import_time, serving):
                continue
            handed = _handed_names(function)
            configured = _configured(function)
            for node in _own_nodes(function):
                if not isinstance(node, ast.Call):
                    continue
                ref = dotted(node.func)
                if ref is None or patterns.is_container(node, module):
                    continue
                receiver = handed.get(id(node))
                if receiver is None or is_server_call(node, module):
                    continue  # the server itself holds its registrations, not a store
                yield Violation(
                    node,
                    f"this `{{cls}}` is created in `{function.name}()` and handed to "
                    f"{_quoted(receiver)} for the life of the process, and {{how}}: each "
                    "instance keeps its own copy and a restart loses it",
                    requires=(("callable", ref, tuple(sorted(configured.get(id(node), ())))),),
                )


def _builds_server(
    function: FunctionInfo, module: ModuleIndex, import_time: set[str], serving: bool
) -> bool:
    """Setup code whose objects live as long as the server: startup, factories, main()."""
    if function.name == "<lambda>" or patterns.is_request_handler(function, module):
        return False
    if function.name.startswith(("setUp", "test")) or any(
        patterns.last_name(patterns.decorator_name(d, module)) == "fixture"
        for d in function.decorators
    ):
        return False  # test set-up builds what one test uses, not a server
    if function.outer_function() is not None:
        # Part of the outer function's check, unless it is a lifespan defined in a factory.
        return serving and patterns.is_setup_function(function, module)
    if patterns.is_setup_function(function, module):
        return serving or function.name != "main"
    if function.outer.kind == "module" and function.name in import_time:
        return True  # `server = create_server()` at module level
    if not serving:
        return False
    starters = _server_starters(module)
    if function.cls is not None and function.name == "__init__":
        # The objects a server class creates for itself live as long as it serves.
        return any(id(method) in starters for method in function.cls.methods.values())
    # A function that starts or builds the server: `main()` calling `uvicorn.run`, a
    # `create_server()` returning `MCPServer(...)`.
    return id(function) in starters


def _server_starters(module: ModuleIndex) -> set[int]:
    """The functions (and the methods of classes) that start or build a server, by id."""
    cached = module.memo.get("server_starters")
    if isinstance(cached, set):
        return cached
    starters: set[int] = set()
    for call, scope in module.calls:
        function = scope.enclosing_function()
        if function is None or not is_server_call(call, module):
            continue
        while function is not None:  # a nested `run_server()` starts its method's server
            starters.add(id(function))
            function = function.outer_function()
    module.memo["server_starters"] = starters
    return starters


def _own_nodes(function: FunctionInfo) -> list[ast.AST]:
    """The nodes of a function's body, without the bodies of functions nested in it."""
    cached = function.memo.get("own_nodes")
    if isinstance(cached, list):
        return cached
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    body = function.node.body if not isinstance(function.node, ast.Lambda) else []
    stack: list[ast.AST] = [node for node in reversed(body) if not isinstance(node, nested)]
    found: list[ast.AST] = []
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, nested))
    function.memo["own_nodes"] = found
    return found


def _handed_names(function: FunctionInfo) -> dict[int, str]:
    """Calls whose result leaves setup code: by argument, return, or attribute, with where to.

    `Server(store=Store())`, `store = Store(); Server(store)`, `return Store()`,
    `app.state.store = Store()`.
    """
    handed: dict[int, str] = {}
    locals_created: dict[str, ast.Call] = {}
    assignments: list[ast.Assign | ast.AnnAssign] = []
    for node in _own_nodes(function):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            assignments.append(node)
            if isinstance(node.value, ast.Call):
                for target in _targets(node):
                    if isinstance(target, ast.Name):
                        locals_created[target.id] = node.value
    for assignment in assignments:  # `app.state.store = store`: kept by what outlives setup
        value = assignment.value
        if isinstance(value, ast.Name):
            value = locals_created.get(value.id)
        if not isinstance(value, ast.Call):
            continue
        for target in _targets(assignment):
            if isinstance(target, ast.Attribute):
                handed.setdefault(id(value), dotted(target) or target.attr)
    for node in _own_nodes(function):
        if isinstance(node, ast.Call):
            receiver = dotted(node.func) or "a call"
            if _LOOKS_AT.match(receiver):
                continue  # `hasattr(store, "close")`, `logger.info(store)` keep nothing
            for argument in (*node.args, *(keyword.value for keyword in node.keywords)):
                for value in _argument_values(argument):
                    if isinstance(value, ast.Call):
                        handed.setdefault(id(value), receiver)
                    elif isinstance(value, ast.Name) and value.id in locals_created:
                        handed.setdefault(id(locals_created[value.id]), receiver)
        elif isinstance(node, ast.Return | ast.Yield) and node.value is not None:
            returned = node.value
            if isinstance(returned, ast.Name) and returned.id in locals_created:
                returned = locals_created[returned.id]
            if isinstance(returned, ast.Call):
                holder = "the lifespan context" if isinstance(node, ast.Yield) else None
                handed.setdefault(id(returned), holder or f"the caller of `{function.name}()`")
    return handed


# Calls that look at an object and keep nothing of it.
_LOOKS_AT = re.compile(
    r"^(?:hasattr|getattr|isinstance|issubclass|callable|len|id|type|repr|str|print|"
    r"(?:logger|logging|log|LOGGER|_logger|_log)\.\w+)$"
)


def _targets(assignment: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return assignment.targets if isinstance(assignment, ast.Assign) else [assignment.target]


def _configured(function: FunctionInfo) -> dict[int, set[str]]:
    """Per created object: the methods the setup code calls on it (`apps.add_resource(...)`)."""
    created: dict[str, ast.Call] = {}
    for node in _own_nodes(function):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    created[target.id] = node.value
    called: dict[int, set[str]] = {}
    for node in _own_nodes(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in created
        ):
            called.setdefault(id(created[node.func.value.id]), set()).add(node.func.attr)
    return called


def _quoted(receiver: str) -> str:
    return receiver if receiver.startswith("the ") else f"`{receiver}`"


def _argument_values(argument: ast.expr) -> list[ast.expr]:
    if isinstance(argument, ast.List | ast.Tuple | ast.Set):
        return list(argument.elts)
    if isinstance(argument, ast.Dict):
        return [value for value in argument.values if value is not None]
    return [argument]
