"""SA108: process-local state written by handlers: `os.environ`, thread locals, local files."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from scaffold.validators.ast_index import ClassInfo, FunctionInfo, ModuleIndex, Mutation
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns

_ENVIRON_METHODS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__"})
_CONVERSATION_WORDS = re.compile(
    r"histor|conversation|chat|sessions|session_id|message|memor|thread|transcript|dialog"
    r"|state|checkpoint|artifact|upload|run_id",
    re.IGNORECASE,
)
_SCRATCH_WORDS = re.compile(r"tmp|temp|cache|log", re.IGNORECASE)
_FILE_WRITERS = frozenset({"write_text", "write_bytes"})
_LOCAL_DB_OPENERS = frozenset({"shelve.open", "dbm.open"})
# Openers taking `(path, mode)` like the builtin `open`.
_FILE_OPENERS = frozenset(
    {"open", "io.open", "codecs.open", "gzip.open", "aiofiles.open", "anyio.open_file"}
)
# Calls that run their first argument in a worker thread: `to_thread(path.write_text, text)`
# writes the file as surely as `path.write_text(text)` does.
_THREAD_OFFLOADS = frozenset(
    {
        "asyncio.to_thread",
        "anyio.to_thread.run_sync",
        "starlette.concurrency.run_in_threadpool",
        "fastapi.concurrency.run_in_threadpool",
        "asgiref.sync.sync_to_async",
    }
)
_PARTIALS = frozenset({"functools.partial"})
_MODE = re.compile(r"[rwxabtU+]{1,4}")
# Methods of conversation stores (Agents SDK sessions, LangChain histories and memories): the
# framework calls them for every turn, and what they write is the conversation.
_STORE_METHODS = frozenset(
    {
        "add_items",
        "get_items",
        "pop_item",
        "clear_session",
        "save_context",
        "load_memory_variables",
        "add_message",
        "add_messages",
        "add_user_message",
        "add_ai_message",
        "clear",
    }
)
# Methods whose presence makes a class a conversation store (`clear` alone does not).
_STORE_MARKERS = _STORE_METHODS - {"clear"}
_STORE_BASES = frozenset({"BaseChatMessageHistory", "BaseMemory", "BaseChatMemory"})
# `Session` alone names many things (SQLAlchemy, requests): only the Agents SDK's counts.
_SESSION_BASES = frozenset({"Session", "SessionABC"})


class ProcessLocalRule(Rule):
    """Environment variables, thread-local storage and local files used as state."""

    code = "SA108"
    name = "process-local-state"
    summary = "Process-local state written at request time"
    rationale = (
        "Some state is local to a process without looking like a variable: `os.environ` set "
        "while handling a request leaks into every later request of that process and races "
        "between threads; `threading.local()` storage belongs to one worker thread; a "
        "conversation written to a file on the local disk exists on one instance and "
        "disappears with its container, whether it is written directly, through "
        "`asyncio.to_thread(path.write_text, ...)` or an executor, or by the `add_items` of a "
        "session class (what a conversation store writes is the conversation). Setting the "
        "environment at startup, `ContextVar`s and temporary files are fine."
    )
    fix = (
        "Pass values as arguments or through dependencies instead of the environment, use "
        "`contextvars.ContextVar` for request-scoped context, and store conversations in the "
        "database (or object storage for large blobs)."
    )
    invalid = (
        """\
import os

from fastapi import APIRouter

router = APIRouter()


@router.post("/keys")
async def set_key(api_key: str) -> None:
    os.environ["OPENAI_API_KEY"] = api_key
""",
        """\
import threading

_local = threading.local()


def set_current_user(user_id: str) -> None:
    _local.user_id = user_id
""",
        """\
import json


def save_history(conversation_id: str, messages: list[dict]) -> None:
    with open(f"data/{conversation_id}.json", "w") as handle:
        json.dump(messages, handle)
""",
        """\
from pathlib import Path

HISTORY_DIR = Path("histories")


async def append_turn(session_id: str, text: str) -> None:
    (HISTORY_DIR / f"{session_id}.txt").write_text(text)
""",
        """\
import shelve


def remember(thread_id: str, messages: list[str]) -> None:
    with shelve.open("chat_memory") as db:
        db[thread_id] = messages
""",
        """\
import asyncio
import json
from pathlib import Path

from agents.memory import SessionABC


class JsonFileSession(SessionABC):
    def __init__(self, session_id: str, root: Path) -> None:
        self.path = root / f"{session_id}.json"

    async def get_items(self, limit: int | None = None) -> list[dict]:
        if not self.path.exists():
            return []
        return json.loads(await asyncio.to_thread(self.path.read_text))

    async def add_items(self, items: list[dict]) -> None:
        stored = await self.get_items()
        await asyncio.to_thread(self.path.write_text, json.dumps([*stored, *items]))
""",
    )
    valid = (
        """\
from fastapi import APIRouter

from app.db import SessionDep
from app.models import ApiKey

router = APIRouter()


@router.post("/keys")
async def set_key(api_key: str, session: SessionDep) -> None:
    session.add(ApiKey(value=api_key))
    session.commit()
""",
        """\
from contextvars import ContextVar

current_user: ContextVar[str | None] = ContextVar("current_user", default=None)


def set_current_user(user_id: str) -> None:
    current_user.set(user_id)
""",
        """\
import os


def main() -> None:
    os.environ.setdefault("APP_ENV", "production")
""",
        """\
import os

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def api_key() -> str:
    return os.environ["OPENAI_API_KEY"]
""",
        """\
import tempfile


def export(rows: list[str]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
        handle.write("\\n".join(rows))
    return handle.name
""",
        """\
from pathlib import Path


def write_report(path: Path, body: str) -> None:
    path.write_text(body)
""",
        """\
def read_history(path: str) -> str:
    with open(path) as handle:
        return handle.read()
""",
        """\
import asyncio
from pathlib import Path


async def load_prompt(path: Path) -> str:
    return await asyncio.to_thread(path.read_text)
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        import_time = patterns.import_time_functions(module)
        for mutation in module.mutations:
            function = mutation.scope.enclosing_function()
            if function is None:
                continue
            message = self._mutation_message(mutation, function, module)
            if message is None or not self._runs_per_request(function, module, import_time):
                continue
            yield Violation(mutation.node, message.format(function=function.name))
        for call, scope in module.calls:
            function = scope.enclosing_function()
            if function is None:
                continue
            message = self._call_message(call, function, module)
            if message is None or not self._runs_per_request(function, module, import_time):
                continue
            yield Violation(call, message)

    def _runs_per_request(
        self, function: FunctionInfo, module: ModuleIndex, import_time: set[str]
    ) -> bool:
        """True when the function runs at request time (not setup, not import).

        The methods of a conversation store (and the helpers they call through `self`) run for
        every turn whatever their names.
        """
        if _store_method(function, module):
            return True
        if patterns.runs_at_import(function, import_time):
            return False
        return not patterns.is_setup_function(function, module)

    def _mutation_message(
        self, mutation: Mutation, function: FunctionInfo, module: ModuleIndex
    ) -> str | None:
        kind, target = mutation.kind, mutation.target
        if kind == "augassign":
            return None
        if module.qualname(target) == "os.environ":
            if kind == "method" and mutation.attr not in _ENVIRON_METHODS:
                return None
            if kind in ("setattr", "delattr"):
                return None
            # Scripts, CLIs and setup code configure the environment legitimately.
            if not _in_handler(function, module):
                return None
            return (
                "`os.environ` is changed inside `{function}()`: the environment is shared by "
                "every request of this process and survives into later requests"
            )
        root = patterns.root_name(target)
        if root is None:
            return None
        values = module.module_values.get(root.id)
        if not values or not any(patterns.is_thread_local(value, module) for value in values):
            return None
        binding, _ = module.resolve(root.id, mutation.scope)
        if binding != "module":
            return None
        if kind in ("setattr", "delattr") and not isinstance(target, ast.Name):
            return None  # configuring an object the thread-local holds, not the storage
        if kind == "setattr" and isinstance(target, ast.Name):
            attribute = ast.Attribute(value=target, attr=mutation.attr, ctx=ast.Load())
            if patterns.lazy_init_guard(mutation.node, ast.dump(attribute), function):
                return None  # a per-thread resource created once (a parser, a connection)
        return (
            f"thread-local `{root.id}` is written inside `{{function}}()`: it belongs to one "
            "worker thread of one process; use a ContextVar for request context and the "
            "database for state"
        )

    def _call_message(
        self, call: ast.Call, function: FunctionInfo, module: ModuleIndex
    ) -> str | None:
        qualified = module.qualname(call.func) or ""
        if qualified in ("os.putenv", "os.unsetenv"):
            if not _in_handler(function, module):
                return None
            return f"`{qualified}()` inside `{function.name}()` changes the process environment"
        effective = _offloaded_call(call, qualified, module) or call
        path = _written_path(effective, module)
        if path is None:
            return None
        text = ast.unparse(path)
        if _SCRATCH_WORDS.search(text):
            return None
        # The path, the function's name and its parameters say what the file holds; whatever a
        # conversation store writes is the conversation.
        names = " ".join([text, function.name, *(param.arg for param in function.params)])
        if not _CONVERSATION_WORDS.search(names) and not _store_method(function, module):
            return None
        return (
            f"`{function.name}()` writes conversation or run data to a local file ({text}): it "
            "exists on this instance's disk only; store it in the database"
        )


def _offloaded_call(call: ast.Call, qualified: str, module: ModuleIndex) -> ast.Call | None:
    """The call a thread offload makes: `to_thread(p.write_text, text)` is `p.write_text(text)`.

    Also `loop.run_in_executor(None, fn, *args)`, `anyio.to_thread.run_sync(fn, *args)` and
    `functools.partial(fn, *args)` as the function. The result is for analysis only.
    """
    func = call.func
    args: list[ast.expr]
    keywords: list[ast.keyword] = []
    if qualified in _THREAD_OFFLOADS:
        if not call.args:
            return None
        target, args = call.args[0], list(call.args[1:])
        if qualified == "asyncio.to_thread":
            keywords = list(call.keywords)  # anyio's and starlette's keywords are their own
    elif isinstance(func, ast.Attribute) and func.attr == "run_in_executor":
        if len(call.args) < 2:
            return None
        target, args = call.args[1], list(call.args[2:])
    else:
        return None
    if isinstance(target, ast.Call) and module.qualname(target.func) in _PARTIALS and target.args:
        args = [*target.args[1:], *args]
        keywords = [*target.keywords, *keywords]
        target = target.args[0]
    if isinstance(target, ast.Starred):
        return None
    return ast.Call(func=target, args=args, keywords=keywords)


def _written_path(call: ast.Call, module: ModuleIndex) -> ast.expr | None:
    """The path a call writes to: `open(p, "w")`, `p.write_text(...)`, `p.open("a")`, shelve."""
    func = call.func
    qualified = module.qualname(func) or ""
    if qualified in _LOCAL_DB_OPENERS:
        return call.args[0] if call.args else None
    if qualified in _FILE_OPENERS:
        if not call.args or not _writes(call, 1):
            return None
        return call.args[0]
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in _FILE_WRITERS:
        return func.value
    root = patterns.root_name(func.value)
    imported = root is not None and root.id in module.imports
    if func.attr == "open" and not imported and _writes(call, 0):
        return func.value  # `Path.open("w")`; module functions such as `tarfile.open` are not
    return None


def _in_handler(function: FunctionInfo, module: ModuleIndex) -> bool:
    """True inside a request handler or tool (or a function nested in one)."""
    current: FunctionInfo | None = function
    while current is not None:
        if patterns.is_request_handler(current, module):
            return True
        current = current.outer_function()
    return False


def _writes(call: ast.Call, position: int) -> bool:
    """True when the mode argument (at `position`, or `mode=`) opens the file for writing."""
    mode: ast.expr | None = call.args[position] if len(call.args) > position else None
    for keyword in call.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if not isinstance(mode, ast.Constant) or not isinstance(mode.value, str):
        return False
    if not _MODE.fullmatch(mode.value):
        return False  # a path or a flag, not a mode (`fs.open("data/a.json")`)
    return any(flag in mode.value for flag in "wax+")


def _store_method(function: FunctionInfo, module: ModuleIndex) -> bool:
    """True inside a conversation store's protocol method or a helper it calls through `self`.

    A store is a subclass of the Agents SDK `Session`/`SessionABC` or a LangChain chat history
    or memory, or any class defining `add_items`, `get_items`, `save_context`, `add_message`...
    """
    current: FunctionInfo | None = function
    while current is not None and current.cls is None:
        current = current.outer_function()
    if current is None or current.cls is None:
        return False
    return current.name in _store_methods(current.cls, module)


def _store_methods(info: ClassInfo, module: ModuleIndex) -> frozenset[str]:
    """The methods of `info` that run per turn when it is a conversation store (else none)."""
    memo = module.memo.setdefault("process_local_store_methods", {})
    assert isinstance(memo, dict)
    cached = memo.get(id(info))
    if isinstance(cached, frozenset):
        return cached
    methods: frozenset[str] = frozenset()
    is_store = not _STORE_MARKERS.isdisjoint(info.methods) or any(
        _is_store_base(module.qualname(base.value if isinstance(base, ast.Subscript) else base))
        for base in info.node.bases
    )
    if is_store:
        reached = set(_STORE_METHODS & info.methods.keys())
        pending = list(reached)
        while pending:
            method = info.methods[pending.pop()]
            if not method.params:
                continue
            first = method.params[0].arg
            # `self._write(...)`, and `self._write` handed to `to_thread` or an executor.
            for node in ast.walk(method.node):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == first
                    and node.attr in info.methods
                    and node.attr not in reached
                ):
                    reached.add(node.attr)
                    pending.append(node.attr)
        methods = frozenset(reached)
    memo[id(info)] = methods
    return methods


def _is_store_base(qualified: str | None) -> bool:
    name = patterns.last_name(qualified)
    if name in _SESSION_BASES:
        return (qualified or "").partition(".")[0] == "agents"
    return name in _STORE_BASES
