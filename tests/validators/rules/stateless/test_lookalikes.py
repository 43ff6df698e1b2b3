"""Precision on patterns met in real code bases (Django, SQLAlchemy, FastAPI).

Each quiet case is a shape that looks like state but is not: a lazily created resource, a
recursion guard, a registry filled when classes are created, context-local storage. Each
caught case is its stateful neighbour, so the exemptions cannot grow too wide unnoticed.
"""

from __future__ import annotations

import pytest

from tests.validators.conftest import check_snippet

QUIET = {
    "lazy resource behind an early return": """
        _client = None

        def client():
            global _client
            if _client is not None:
                return _client
            _client = object()
            return _client
        """,
    "lazy default with `or`": """
        _default = None

        def gettext(message):
            global _default
            _default = _default or load_catalog()
            return _default.gettext(message)
        """,
    "global set by a loader that is only called under a guard": """
        _serializers = None

        def _load():
            global _serializers
            _serializers = {"json": object()}

        def get(name):
            if _serializers is None:
                _load()
            return _serializers[name]
        """,
    "attribute created once with getattr(..., None) is None": """
        class Type:
            def set_metadata(self, metadata):
                if getattr(self, "metadata", None) is None:
                    self.metadata = metadata

        BOOLEAN = Type()
        """,
    "hasattr guard": """
        class DnsName:
            def fqdn(self):
                if not hasattr(self, "_fqdn"):
                    self._fqdn = "host"
                return self._fqdn

        DNS_NAME = DnsName()
        """,
    "recursion guard undone in finally": """
        _repr_stack = set()

        class Entity:
            def __repr__(self):
                if id(self) in _repr_stack:
                    return "..."
                _repr_stack.add(id(self))
                try:
                    return "Entity()"
                finally:
                    _repr_stack.remove(id(self))
        """,
    "registry filled when subclasses are created": """
        _registrars = {}

        class HasEvents:
            def __init_subclass__(cls, **kw):
                cls._create_dispatcher()

            @classmethod
            def _create_dispatcher(cls):
                _registrars[cls.__name__] = cls
        """,
    "class registry filled by a class decorator": """
        class CompileState:
            plugins = {}

            @classmethod
            def plugin_for(cls, name):
                def decorate(cls_to_decorate):
                    cls.plugins[name] = cls_to_decorate
                    return cls_to_decorate
                return decorate
        """,
    "context-local storage (asgiref Local)": """
        from asgiref.local import Local

        _active = Local()

        def activate(language):
            _active.value = language
        """,
    "thread-local reader created once per thread": """
        import threading

        class ThreadLocalIO(threading.local):
            reader = None

        thread_context = ThreadLocalIO()

        def reader():
            if not thread_context.reader:
                thread_context.reader = object()
            return thread_context.reader
        """,
    "lazy proxy mutating itself in __getattr__ and property setters": """
        class LazySettings:
            def __getattr__(self, name):
                value = self._load(name)
                self.__dict__[name] = value
                return value

            def _get_fallbacks(self):
                return self._fallbacks

            def _set_fallbacks(self, value):
                self._fallbacks = value

            fallbacks = property(_get_fallbacks, _set_fallbacks)

        settings = LazySettings()
        """,
    "closure helper returned to a caller for one statement": """
        def naming_convention():
            names = set()

            def go(name):
                names.add(name)
                return name

            return go
        """,
    "connection pools kept per process": """
        class DatabaseWrapper:
            _connection_pools = {}

            def pool(self, alias):
                self._connection_pools.setdefault(alias, object())
                return self._connection_pools[alias]
        """,
    "item assignment on a Redis client writes to Redis": """
        import redis

        store = redis.Redis.from_url("redis://cache:6379/0")

        def remember(conversation_id, text):
            store[f"last:{conversation_id}"] = text
        """,
    "strong references to running asyncio tasks": """
        import asyncio

        _background_tasks = set()

        def spawn(coro):
            task = asyncio.create_task(coro)
            _background_tasks.add(task)
            task.add_done_callback(_background_tasks.discard)
            return task
        """,
    "environment set by a command-line entry point": """
        import os

        def handle_default_options(options):
            if options.settings:
                os.environ["DJANGO_SETTINGS_MODULE"] = options.settings
        """,
}

CAUGHT = {
    "recursion-guard look-alike without the finally": (
        """
        _seen = set()

        def visit(key):
            _seen.add(key)
        """,
        "SA101",
    ),
    "closure factory called at import": (
        """
        def naming_convention():
            names = set()

            def go(name):
                names.add(name)
                return name

            return go

        convention = naming_convention()
        """,
        "SA102",
    ),
    "environment written by a route": (
        """
        import os
        from fastapi import APIRouter

        router = APIRouter()

        @router.post("/env")
        def set_env(value: str) -> None:
            os.environ["MODE"] = value
        """,
        "SA108",
    ),
    "thread-local written with request data": (
        """
        import threading

        _local = threading.local()

        def bind(user_id):
            _local.user_id = user_id
        """,
        "SA108",
    ),
    "registry changed by a request-time function": (
        """
        class Registry:
            handlers = {}

            def add(self, name, handler):
                self.handlers[name] = handler
        """,
        "SA103",
    ),
}


@pytest.mark.parametrize("source", QUIET.values(), ids=list(QUIET))
def test_look_alike_is_quiet(source: str) -> None:
    assert check_snippet(source) == []


@pytest.mark.parametrize(("source", "code"), CAUGHT.values(), ids=list(CAUGHT))
def test_stateful_neighbour_is_caught(source: str, code: str) -> None:
    assert code in {finding.rule for finding in check_snippet(source)}
