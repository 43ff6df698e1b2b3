"""SA104: module-level instances of classes whose methods change `self`."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import ClassInfo, FunctionInfo, ModuleIndex
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns
from scaffold.validators.rules.stateless.class_state import INIT_METHODS


class SharedInstanceRule(Rule):
    """One stateful object created at import and shared by every request."""

    code = "SA104"
    name = "shared-stateful-instance"
    summary = "Module-level instance of a class that changes its own state"
    rationale = (
        "`memory = ConversationMemory()` at module level is one object for the whole process. "
        "If its methods change `self` (append a turn, count a call, remember the last user), "
        "every request shares that object: users see each other's data, instances disagree, and "
        "a restart forgets everything. Objects whose methods only read (clients, settings, "
        "registries filled at import) are fine."
    )
    fix = (
        "Create the object per request (a FastAPI dependency) and load its state from the "
        "database, or make the class stateless and pass the conversation id to each call."
    )
    invalid = (
        """\
class ConversationMemory:
    def __init__(self) -> None:
        self.turns: dict[str, list[str]] = {}

    def add(self, conversation_id: str, text: str) -> None:
        self.turns.setdefault(conversation_id, []).append(text)


memory = ConversationMemory()


async def chat(conversation_id: str, text: str) -> None:
    memory.add(conversation_id, text)
""",
        """\
class UsageTracker:
    def __init__(self) -> None:
        self.total = 0

    def track(self, tokens: int) -> None:
        self.total += tokens


tracker = UsageTracker()
""",
        """\
class Agent:
    def __init__(self, model: str) -> None:
        self.model = model
        self.last_question: str | None = None

    def ask(self, question: str) -> str:
        self.last_question = question
        return question


agent = Agent("gpt-4o")


def handle(question: str) -> str:
    return agent.ask(question)
""",
        """\
class RateLimiter:
    def __init__(self) -> None:
        self.hits = {}

    def allow(self, user_id: str) -> bool:
        self.hits[user_id] = self.hits.get(user_id, 0) + 1
        return self.hits[user_id] < 10


limiter = RateLimiter()
""",
    )
    valid = (
        """\
from sqlmodel import Session, select

from app.models import Turn


class ConversationMemory:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, conversation_id: str, text: str) -> None:
        self.session.add(Turn(conversation_id=conversation_id, text=text))


def get_memory(session: Session) -> ConversationMemory:
    return ConversationMemory(session)
""",
        """\
import httpx


class WeatherClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._http = httpx.Client(base_url=base_url)

    def forecast(self, city: str) -> dict:
        return self._http.get("/forecast", params={"city": city}).json()


weather = WeatherClient("https://api.example.com")
""",
        """\
class Registry:
    def __init__(self) -> None:
        self.tools = {}

    def register(self, func):
        self.tools[func.__name__] = func
        return func


registry = Registry()


@registry.register
def search(query: str) -> list[str]:
    return [query]
""",
        """\
class Agent:
    def __init__(self, model: str) -> None:
        self.model = model
        self.last_question: str | None = None

    def ask(self, question: str) -> str:
        self.last_question = question
        return question


def handle(question: str) -> str:
    agent = Agent("gpt-4o")
    return agent.ask(question)
""",
        """\
import httpx


class LLMClient:
    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None

    async def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient()
        return self._client


llm = LLMClient()
""",
        """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "sqlite://"
    debug: bool = False


settings = Settings()
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        classes = module.module_classes
        if not classes:
            return
        mutating_cache: dict[str, dict[str, ast.AST]] = {}
        for statement in _module_assignments(module.tree.body):
            value = statement.value
            if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Name):
                continue
            info = classes.get(value.func.id)
            if info is None:
                continue
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if not names or any(name in options.allowed_globals for name in names):
                continue
            if info.name not in mutating_cache:
                mutating_cache[info.name] = _mutating_methods(info, module, classes)
            mutating = mutating_cache[info.name]
            if not mutating:
                continue
            if not any(_used_statefully(name, mutating, module) for name in names):
                continue
            method = sorted(mutating)[0]
            yield Violation(
                statement,
                f"`{names[0]}` is a module-level `{info.name}` whose method `{method}()` changes "
                "`self`: one object is shared by every request in this process",
            )


# Initialisation and the attribute/descriptor/context protocols: changing `self` there is how
# lazy objects, proxies and context managers work, not state a request leaves behind.
_NOT_MUTATORS = INIT_METHODS | frozenset(
    {
        "__getattr__",
        "__getattribute__",
        "__setattr__",
        "__delattr__",
        "__get__",
        "__set__",
        "__delete__",
        "__set_name__",
        "__enter__",
        "__exit__",
        "__aenter__",
        "__aexit__",
        "__del__",
        "__setstate__",
        "__getstate__",
        "__reduce__",
        "__copy__",
        "__deepcopy__",
    }
)


def _is_property_setter(method: FunctionInfo) -> bool:
    """`@x.setter` methods, and the setters of `x = property(get, set)`."""
    if any(
        isinstance(decorator, ast.Attribute) and decorator.attr in ("setter", "deleter")
        for decorator in method.decorators
    ):
        return True
    if method.cls is None:
        return False
    for value in method.cls.attrs.values():
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "property"
        ):
            accessors = [*value.args[1:], *(k.value for k in value.keywords if k.arg != "fget")]
            if any(isinstance(a, ast.Name) and a.id == method.name for a in accessors):
                return True
    return False


def _module_assignments(body: list[ast.stmt]) -> Iterator[ast.Assign | ast.AnnAssign]:
    for statement in body:
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            yield statement
        elif isinstance(statement, ast.If | ast.Try):
            yield from _module_assignments(statement.body)
            yield from _module_assignments(statement.orelse)


def _mutating_methods(
    info: ClassInfo, module: ModuleIndex, classes: dict[str, ClassInfo], depth: int = 0
) -> dict[str, ast.AST]:
    """Methods (with the first offending node) that change `self` outside initialisation."""
    found: dict[str, ast.AST] = {}
    methods = {id(method.scope): method for method in info.methods.values()}
    for mutation in module.mutations:
        function = mutation.scope.enclosing_function()
        method = _owning_method(function, methods)
        if method is None or method.name in _NOT_MUTATORS or not method.params:
            continue
        if _is_property_setter(method):
            continue
        if method.name in found or patterns.is_setup_function(method, module):
            continue
        self_name = method.params[0].arg
        if mutation.kind == "augassign":
            continue
        root = patterns.root_name(mutation.target)
        if root is None or root.id != self_name:
            continue
        if mutation.kind in ("setattr", "delattr") and isinstance(mutation.target, ast.Name):
            test = ast.dump(
                ast.Attribute(
                    value=ast.Name(id=self_name, ctx=ast.Load()), attr=mutation.attr, ctx=ast.Load()
                )
            )
            if function is not None and patterns.lazy_init_guard(mutation.node, test, function):
                continue
        found[method.name] = mutation.node
    if depth < 10:
        for base in info.node.bases:
            if isinstance(base, ast.Name) and base.id in classes and base.id != info.name:
                for name, node in _mutating_methods(
                    classes[base.id], module, classes, depth + 1
                ).items():
                    found.setdefault(name, node)
    return found


def _owning_method(
    function: FunctionInfo | None, methods: dict[int, FunctionInfo]
) -> FunctionInfo | None:
    current = function
    while current is not None:
        method = methods.get(id(current.scope))
        if method is not None:
            return method
        current = current.outer_function()
    return None


def _used_statefully(name: str, mutating: dict[str, ast.AST], module: ModuleIndex) -> bool:
    """Decide whether a module-level instance is changed at request time.

    A mutating method called from a function is state. A registry whose mutating methods are
    only used at import time (as a decorator or a module-level call) is a table filled at
    import. An instance this module never touches is exported for other modules to use, and
    its mutating methods will run at request time there.
    """
    used_at_import = False
    for call, scope in module.calls:
        func = call.func
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == name
        ):
            continue
        if func.attr not in mutating:
            continue
        function = scope.enclosing_function()
        if function is None:
            used_at_import = True
            continue
        binding, _ = module.resolve(name, scope)
        if binding == "module" and not patterns.is_setup_function(function, module):
            return True
    if used_at_import:
        return False
    for function in module.functions:
        for decorator in function.decorators:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == name
            ):
                return False
    return True
