"""SA101: module-level mutable state that functions change."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import FunctionInfo, ModuleIndex, Mutation
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns


class ModuleStateRule(Rule):
    """A module-level container or object that a function changes at request time."""

    code = "SA101"
    name = "module-mutable-state"
    summary = "Module-level mutable state changed inside a function"
    rationale = (
        "A module-level dict, list, set, deque, Counter or queue lives in the memory of one "
        "worker process. When a function adds to it, the data exists on that instance only: "
        "the next request may land on another instance that has never seen it, and a restart or "
        "a deploy wipes it. The same holds for a module-level object whose attributes a function "
        "assigns. Tables filled once while the module is imported, and code that runs at "
        "startup (lifespan, setup, main), are constants and are not reported."
    )
    fix = (
        "Keep the data in the database (a SQLModel table keyed by the conversation or user id) "
        "and read it per request through the session dependency; use Redis or another shared "
        "store for caches that every instance must see."
    )
    invalid = (
        """\
from fastapi import APIRouter

router = APIRouter()
_conversations: dict[str, list[str]] = {}


@router.post("/chat/{conversation_id}")
async def chat(conversation_id: str, message: str) -> dict[str, int]:
    history = _conversations.setdefault(conversation_id, [])
    history.append(message)
    return {"turns": len(history)}
""",
        """\
from collections import deque

RECENT_PROMPTS = deque(maxlen=100)


def remember(prompt: str) -> None:
    RECENT_PROMPTS.append(prompt)
""",
        """\
from collections import defaultdict

usage = defaultdict(int)


def record_tokens(user_id: str, tokens: int) -> None:
    usage[user_id] += tokens
""",
        """\
import asyncio

pending = asyncio.Queue()


async def enqueue(job_id: str) -> None:
    await pending.put(job_id)
""",
        """\
from types import SimpleNamespace

STATE = SimpleNamespace(last_user=None, sessions={})


def login(user_id: str) -> None:
    STATE.last_user = user_id
    STATE.sessions[user_id] = {"active": True}
""",
        """\
_seen_ids = set()


def handle(event_id: str) -> bool:
    if event_id in _seen_ids:
        return False
    _seen_ids.add(event_id)
    return True
""",
    )
    valid = (
        """\
from fastapi import APIRouter
from sqlmodel import Session, select

from app.db import SessionDep
from app.models import Message

router = APIRouter()


@router.post("/chat/{conversation_id}")
async def chat(conversation_id: str, message: str, session: SessionDep) -> dict[str, int]:
    session.add(Message(conversation_id=conversation_id, text=message))
    session.commit()
    turns = session.exec(select(Message).where(Message.conversation_id == conversation_id))
    return {"turns": len(turns.all())}
""",
        """\
ALLOWED_MODELS = {"gpt-4o", "claude-sonnet"}
LIMITS = {"free": 10, "pro": 100}


def limit_for(plan: str) -> int:
    return LIMITS.get(plan, 0)
""",
        """\
HANDLERS = {}


def register(name):
    def decorator(func):
        HANDLERS[name] = func
        return func
    return decorator


@register("summarize")
def summarize(text: str) -> str:
    return text[:100]
""",
        """\
_TOOLS = []


def tool(func):
    _TOOLS.append(func)
    return func


@tool
def search(query: str) -> list[str]:
    return [query]
""",
        """\
cache = {}


def build(items: list[str]) -> dict[str, int]:
    cache = {}
    for item in items:
        cache[item] = len(item)
    return cache
""",
        """\
import logging

from fastapi import FastAPI

logger = logging.getLogger(__name__)
app = FastAPI(title="agents")
DEFAULT_HEADERS = {"User-Agent": "agents"}
DEFAULT_HEADERS["Accept"] = "application/json"


def headers_for(token: str) -> dict[str, str]:
    headers = dict(DEFAULT_HEADERS)
    headers["Authorization"] = f"Bearer {token}"
    logger.info("built headers")
    return headers
""",
        """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

_clients = {}


@asynccontextmanager
async def lifespan(app: FastAPI):
    _clients["http"] = object()
    yield
    _clients.clear()
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        import_time = patterns.import_time_functions(module)
        for mutation in module.mutations:
            if mutation.kind == "augassign":
                continue  # rebinding a module name needs `global`: rule SA102
            function = mutation.scope.enclosing_function()
            if function is None:
                continue  # module or class body: runs once, at import
            message = self._message(mutation, module, options)
            imported = None if message is not None else _imported_state(mutation, module, options)
            if message is None and imported is None:
                continue
            if patterns.runs_at_import(function, import_time):
                continue
            if patterns.is_setup_function(function, module) or patterns.is_decorator_body(function):
                continue
            if _lazily_created(mutation, function) or _undone_in_finally(mutation, function):
                continue
            if _keeps_task_alive(mutation, function):
                continue
            # A module-level helper that only startup code or tests call fills a table once.
            top = function
            while top.outer_function() is not None:
                top = top.outer_function()  # type: ignore[assignment]
            callers = (("callers", top.name),) if top.outer.kind == "module" else ()
            if imported is not None:
                # A method called on an imported object is rule SA104's question.
                how = "call" if mutation.kind == "method" and not _reaches_into(mutation) else ""
                yield Violation(
                    mutation.node,
                    f"`{{name}}`, a module-level {{kind}} of `{{where}}`, is changed inside "
                    f"`{function.name}()`: it lives in one process's memory, so other instances "
                    "never see it and a restart loses it",
                    requires=(*callers, ("shared", imported, how)),
                )
                continue
            if message is not None:
                yield Violation(
                    mutation.node, message.format(function=function.name), requires=callers
                )

    def _message(self, mutation: Mutation, module: ModuleIndex, options: RuleOptions) -> str | None:
        root = patterns.root_name(mutation.target)
        if root is None or root.id in options.allowed_globals or patterns.is_resource_name(root.id):
            return None
        binding, _ = module.resolve(root.id, mutation.scope)
        if binding != "module":
            return None
        values = module.module_values.get(root.id)
        if not values:
            return None  # a function, class or import: not a data object
        direct = isinstance(mutation.target, ast.Name)
        if any(patterns.is_container(value, module) for value in values):
            if not direct and mutation.kind in ("setattr", "delattr"):
                return None
            kind = patterns.container_kind(values, module)
            return (
                f"module-level {kind} `{root.id}` is changed inside `{{function}}()`: it lives in "
                "one process's memory, so other instances never see it and a restart loses it"
            )
        if not any(isinstance(value, ast.Call) for value in values):
            return None
        if any(
            patterns.is_thread_local(value, module)
            or patterns.is_context_local(value, module)
            or patterns.is_shared_store_client(value, module)
            for value in values
        ):
            # Thread-locals are rule SA108; context-locals are per request; a Redis client's
            # `r[key] = value` writes to Redis.
            return None
        if "state" in patterns.attribute_chain(mutation.target) or mutation.attr == "state":
            return None  # app.state: rule SA106
        if direct and mutation.kind == "method":
            return None  # a method call on an object of unknown type: see SA104
        return (
            f"module-level object `{root.id}` is changed inside `{{function}}()`: one object is "
            "shared by every request in this process and lost on restart"
        )


def _imported_state(mutation: Mutation, module: ModuleIndex, options: RuleOptions) -> str | None:
    """`from app.state import SESSIONS; SESSIONS[k] = v`, `mem.HISTORY.append(x)`, `stats.n = 1`.

    The reference to ask the project index about (what the imported name denotes); None when
    the changed object is not imported from elsewhere.
    """
    root = patterns.root_name(mutation.target)
    if root is None or root.id not in module.imports or root.id in options.allowed_globals:
        return None
    if module.resolve(root.id, mutation.scope)[0] != "module":
        return None
    chain = patterns.attribute_chain(mutation.target)
    if mutation.kind in ("setattr", "delattr"):
        chain = [*chain, mutation.attr]
    if any(patterns.is_resource_name(n) or patterns.is_connection_name(n) for n in chain):
        return None
    if "state" in chain:
        return None  # app.state: rule SA106
    return ".".join([root.id, *chain[:1]])


def _reaches_into(mutation: Mutation) -> bool:
    """`mem.HISTORY.append(x)` reaches into a module; `store.add(x)` calls the object."""
    return isinstance(mutation.target, ast.Attribute)


def _lazily_created(mutation: Mutation, function: FunctionInfo) -> bool:
    """`if not STATE.reader: STATE.reader = Reader()`: a resource created once, not data."""
    if mutation.kind != "setattr" or not isinstance(mutation.target, ast.Name):
        return False
    attribute = ast.Attribute(value=mutation.target, attr=mutation.attr, ctx=ast.Load())
    return patterns.lazy_init_guard(mutation.node, ast.dump(attribute), function)


def _keeps_task_alive(mutation: Mutation, function: FunctionInfo) -> bool:
    """A set holding running asyncio tasks only so they are not garbage-collected.

    `tasks.add(task); task.add_done_callback(tasks.discard)` is asyncio's documented idiom; the
    set forgets each task when it ends.
    """
    if mutation.kind != "method" or mutation.attr not in ("add", "append"):
        return False
    target = ast.dump(mutation.target)
    for node in ast.walk(function.node):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_done_callback"
            and node.args
            and isinstance(node.args[0], ast.Attribute)
            and node.args[0].attr in ("discard", "remove")
            and ast.dump(node.args[0].value) == target
        ):
            return True
    return False


_INVERSES = {"add": ("discard", "remove"), "append": ("pop", "remove"), "update": ("clear",)}
_UNDOS = frozenset(name for names in _INVERSES.values() for name in names)


def _undone_in_finally(mutation: Mutation, function: FunctionInfo) -> bool:
    """`_stack.add(key)` undone by the `finally` of a `try`: a guard for one call only.

    The change is either inside the `try` or the statement right before it.
    """
    if mutation.kind != "method":
        return False
    target = ast.dump(mutation.target)
    undoing = mutation.attr in _UNDOS
    if not undoing and mutation.attr not in _INVERSES:
        return False
    for node in ast.walk(function.node):
        for body in _statement_lists(node):
            for position, statement in enumerate(body):
                if not isinstance(statement, ast.Try) or not statement.finalbody:
                    continue
                guarded = list(statement.body)
                if position > 0:
                    guarded.append(body[position - 1])
                if undoing:
                    # The `finally` half of the guard: it removes what the `try` added.
                    inside = statement.finalbody
                    if not any(inner is mutation.node for s in inside for inner in ast.walk(s)):
                        continue
                    if any(_undoes([s], (add,), target) for s in guarded for add in _INVERSES):
                        return True
                    continue
                if not any(inner is mutation.node for s in guarded for inner in ast.walk(s)):
                    continue
                if _undoes(statement.finalbody, _INVERSES[mutation.attr], target):
                    return True
    return False


def _statement_lists(node: ast.AST) -> list[list[ast.stmt]]:
    lists: list[list[ast.stmt]] = []
    for field in ("body", "orelse", "finalbody"):
        value = getattr(node, field, None)
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            lists.append(value)
    return lists


def _undoes(statements: list[ast.stmt], inverses: tuple[str, ...], target: str) -> bool:
    for statement in statements:
        for inner in ast.walk(statement):
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Attribute)
                and inner.func.attr in inverses
                and ast.dump(inner.func.value) == target
            ):
                return True
    return False
