"""SA108: process-local state written by handlers: `os.environ`, thread locals, local files."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from scaffold.validators.ast_index import FunctionInfo, ModuleIndex, Mutation
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns

_ENVIRON_METHODS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__"})
_CONVERSATION_WORDS = re.compile(
    r"histor|conversation|chat|sessions|session_id|message|memor|thread|transcript|dialog",
    re.IGNORECASE,
)
_SCRATCH_WORDS = re.compile(r"tmp|temp|cache|log", re.IGNORECASE)
_FILE_WRITERS = frozenset({"write_text", "write_bytes"})
_LOCAL_DB_OPENERS = frozenset({"shelve.open", "dbm.open"})


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
        "disappears with its container. Setting the environment at startup, `ContextVar`s and "
        "temporary files are fine."
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
        """True when the function runs at request time (not setup, not import)."""
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
        func = call.func
        qualified = module.qualname(func) or ""
        if qualified in ("os.putenv", "os.unsetenv"):
            if not _in_handler(function, module):
                return None
            return f"`{qualified}()` inside `{function.name}()` changes the process environment"
        path: ast.expr | None = None
        if qualified == "open" or qualified in _LOCAL_DB_OPENERS:
            if not call.args:
                return None
            path = call.args[0]
            if qualified == "open" and not _writes(call):
                return None
        elif isinstance(func, ast.Attribute) and func.attr in _FILE_WRITERS:
            path = func.value
        if path is None:
            return None
        text = ast.unparse(path)
        if _SCRATCH_WORDS.search(text):
            return None
        # The path, the function's name and its parameters say what the file holds.
        names = " ".join([text, function.name, *(param.arg for param in function.params)])
        if not _CONVERSATION_WORDS.search(names):
            return None
        return (
            f"`{function.name}()` writes conversation data to a local file ({text}): it exists "
            "on this instance's disk only; store it in the database"
        )


def _in_handler(function: FunctionInfo, module: ModuleIndex) -> bool:
    """True inside a request handler or tool (or a function nested in one)."""
    current: FunctionInfo | None = function
    while current is not None:
        if patterns.is_request_handler(current, module):
            return True
        current = current.outer_function()
    return False


def _writes(call: ast.Call) -> bool:
    mode: ast.expr | None = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if not isinstance(mode, ast.Constant) or not isinstance(mode.value, str):
        return False
    return any(flag in mode.value for flag in "wax+")
