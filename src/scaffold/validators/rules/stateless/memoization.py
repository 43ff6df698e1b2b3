"""SA105: request data memoized in process memory (`lru_cache` and friends)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import FunctionInfo, ModuleIndex
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns

CACHE_DECORATORS = frozenset(
    {
        "functools.lru_cache",
        "functools.cache",
        "cachetools.cached",
        "cachetools.cachedmethod",
        "cachetools.func.lru_cache",
        "cachetools.func.ttl_cache",
        "cachetools.func.lfu_cache",
        "cachetools.func.fifo_cache",
        "cachetools.func.rr_cache",
        "async_lru.alru_cache",
        "methodtools.lru_cache",
    }
)

# Parameter names that carry request or user data.
REQUEST_PARAMS = frozenset(
    {
        "request",
        "user",
        "username",
        "email",
        "message",
        "messages",
        "prompt",
        "question",
        "query",
        "text",
        "content",
        "token",
        "access_token",
        "api_key",
        "session",
        "db",
        "conversation",
        "thread",
        "history",
        "payload",
        "body",
    }
)
_REQUEST_SUFFIXES = ("_id", "_ids", "_token", "_email", "_message", "_prompt")

# Calls that read a database or a remote service.
IO_METHODS = frozenset(
    {
        "exec",
        "execute",
        "scalar",
        "scalars",
        "scalar_one",
        "query",
        "fetch",
        "fetchone",
        "fetchall",
        "fetchrow",
        "fetchval",
        "find_one",
        "urlopen",
        "invoke",
        "ainvoke",
        "generate_content",
        "send_message",
    }
)
IO_MODULES = ("requests.", "httpx.", "urllib.request.", "aiohttp.", "openai.", "anthropic.")


class MemoizationRule(Rule):
    """`lru_cache`-style caches keyed by request data."""

    code = "SA105"
    name = "in-process-memoization"
    summary = "Request data memoized in process memory"
    rationale = (
        "`@lru_cache` on a function that takes a user id, a prompt or a database session keeps "
        "request data in the memory of one process: other instances answer from different "
        "caches, updates made elsewhere are never seen (stale users, stale permissions), memory "
        "grows with traffic and a restart empties it. An argument-less getter such as "
        "`get_settings()` and a cache over a pure computation on static input (compiling a "
        "pattern, parsing a constant) are fine."
    )
    fix = (
        "Read the data per request; if it must be cached, use a shared cache (Redis with a TTL) "
        "keyed explicitly, and invalidate it when the data changes."
    )
    invalid = (
        """\
from functools import lru_cache

from sqlmodel import Session

from app.models import User


@lru_cache(maxsize=1024)
def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)
""",
        """\
import functools

import httpx


@functools.cache
def fetch_profile(handle: str) -> dict:
    return httpx.get(f"https://api.example.com/users/{handle}").json()
""",
        """\
from functools import lru_cache


@lru_cache
def answer(prompt: str) -> str:
    return prompt[::-1]
""",
        """\
from cachetools import TTLCache, cached


@cached(TTLCache(maxsize=100, ttl=60))
def permissions(user_id: str) -> set[str]:
    return {"read"}
""",
        """\
from functools import lru_cache


class Repo:
    @lru_cache(maxsize=None)
    def conversation(self, conversation_id: str) -> list[str]:
        return self.db.execute("select text from turns where id = ?", conversation_id)
""",
    )
    valid = (
        """\
from sqlmodel import Session

from app.models import User


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)
""",
        """\
from functools import lru_cache

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "sqlite://"


@lru_cache
def get_settings() -> Settings:
    return Settings()
""",
        """\
import re
from functools import lru_cache


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
""",
        """\
from functools import cached_property


class Report:
    def __init__(self, rows: list[int]) -> None:
        self.rows = rows

    @cached_property
    def total(self) -> int:
        return sum(self.rows)
""",
        """\
from functools import cache


@cache
def fibonacci(n: int) -> int:
    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)
""",
        """\
from functools import lru_cache, wraps


def lru_cache_like(func):
    @wraps(func)
    def wrapper(*args):
        return func(*args)
    return wrapper


@lru_cache(maxsize=1)
def load_prompt_templates() -> dict[str, str]:
    return {"greeting": "Hello"}
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        for function in module.functions:
            for decorator in function.decorators:
                name = patterns.decorator_name(decorator, module)
                if name not in CACHE_DECORATORS:
                    continue
                params = _cache_key_params(function, module)
                if not params:
                    continue
                reason = _request_data_reason(function, params, module)
                if reason is None:
                    continue
                yield Violation(
                    decorator,
                    f"`{patterns.last_name(name)}` on `{function.name}()` caches {reason} in "
                    "process memory: each instance keeps its own stale copy",
                )


def _cache_key_params(function: FunctionInfo, module: ModuleIndex) -> list[ast.arg]:
    params = list(function.params)
    if function.cls is not None and params:
        is_static = any(
            patterns.decorator_name(d, module) in ("staticmethod",) for d in function.decorators
        )
        if not is_static:
            params = params[1:]
    return params


def _request_data_reason(
    function: FunctionInfo, params: list[ast.arg], module: ModuleIndex
) -> str | None:
    for param in params:
        name = param.arg.lower()
        if name in REQUEST_PARAMS or name.endswith(_REQUEST_SUFFIXES):
            return f"results per `{param.arg}`"
        annotation = (
            patterns.last_name(module.qualname(param.annotation)) if param.annotation else ""
        )
        if annotation in ("Session", "AsyncSession", "Request", "User", "Connection"):
            return f"results per `{param.arg}`"
    if isinstance(function.node, ast.AsyncFunctionDef):
        return "awaited results"
    for node in ast.walk(function.node):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in IO_METHODS:
            return "database or network reads"
        qualified = module.qualname(func) or ""
        if qualified.startswith(IO_MODULES):
            return "database or network reads"
    return None
