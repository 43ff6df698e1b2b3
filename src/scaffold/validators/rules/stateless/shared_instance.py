"""SA104: module-level instances of classes whose methods change `self`."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import ModuleIndex
from scaffold.validators.ast_index import dotted_name as dotted
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns
from scaffold.validators.rules.stateless.self_state import mutating_methods


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
        for statement in _module_assignments(module.tree.body):
            value = statement.value
            if not isinstance(value, ast.Call):
                continue
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if not names or any(name in options.allowed_globals for name in names):
                continue
            yield from _held_arguments(value, names[0])
            info = classes.get(value.func.id) if isinstance(value.func, ast.Name) else None
            mutating = mutating_methods(info, module) if info is not None else {}
            if info is not None and mutating:
                if any(_used_statefully(name, mutating, module) for name in names):
                    yield Violation(
                        statement,
                        f"`{names[0]}` is a module-level `{info.name}` whose method "
                        f"`{sorted(mutating)[0]}()` changes `self`: one object is shared by "
                        "every request in this process",
                    )
                continue
            ref = dotted(value.func)
            if ref is None or patterns.is_container(value, module):
                continue
            yield Violation(
                statement,
                f"`{names[0]}` is a module-level `{{cls}}` (defined in `{{where}}`), and {{how}}: "
                "one object is shared by every request in this process",
                requires=(("instance", ref, names[0]),),
            )
        for expression in module.tree.body:
            if isinstance(expression, ast.Expr) and isinstance(expression.value, ast.Call):
                yield from _held_arguments(expression.value, dotted(expression.value.func) or "")
        yield from _lazy_singletons(module, options)
        yield from _cached_factories(module)


_CACHE_DECORATORS = frozenset({"cache", "lru_cache"})


def _cached_factories(module: ModuleIndex) -> Iterator[Violation]:
    """`@functools.cache def get_history(): return History()`: one object for every caller."""
    for function in module.functions:
        if function.outer.kind != "module":
            continue
        if not any(
            patterns.last_name(patterns.decorator_name(decorator, module)) in _CACHE_DECORATORS
            and (patterns.decorator_name(decorator, module).startswith("functools."))
            for decorator in function.decorators
        ):
            continue
        if function.params:
            continue  # cached per argument: rule SA105 judges what the key is
        yield Violation(
            function.node,
            f"`{function.name}()` is cached, so every caller gets the same `{{cls}}`, and "
            "{how}: one object is shared by every request in this process",
            requires=(("callable", function.name),),
        )


def _held_arguments(call: ast.Call, holder: str) -> Iterator[Violation]:
    """`server = ChatServer(store=MemoryStore())`: an object created for a long-lived holder."""
    for argument in (*call.args, *(keyword.value for keyword in call.keywords)):
        if not isinstance(argument, ast.Call):
            continue
        ref = dotted(argument.func)
        if ref is None:
            continue
        yield Violation(
            argument,
            f"this `{{cls}}` is kept by the module-level `{holder}` for the life of the process, "
            "and {how}: every request shares it, other instances never see it",
            requires=(("callable", ref),),
        )


def _lazy_singletons(module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
    """`global _store; if _store is None: _store = RateLimitStore()` of a stateful class."""
    for declaration, scope in module.declarations:
        function = scope.enclosing_function()
        if function is None or not isinstance(declaration, ast.Global):
            continue
        wanted = {name for name in declaration.names if name not in options.allowed_globals}
        for node in ast.walk(function.node):
            if not isinstance(node, ast.Assign | ast.AnnAssign) or not isinstance(
                node.value, ast.Call
            ):
                continue
            assignment: ast.Assign | ast.AnnAssign = node
            targets = (
                assignment.targets if isinstance(assignment, ast.Assign) else [assignment.target]
            )
            names = [t.id for t in targets if isinstance(t, ast.Name) and t.id in wanted]
            ref = dotted(node.value.func)
            if not names or ref is None:
                continue
            yield Violation(
                node,
                f"global `{names[0]}` is set by `{function.name}()` to one `{{cls}}` for the "
                "whole process, and {how}: every request shares it, other instances never see it",
                requires=(("callable", ref),),
            )


def _module_assignments(body: list[ast.stmt]) -> Iterator[ast.Assign | ast.AnnAssign]:
    for statement in body:
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            yield statement
        elif isinstance(statement, ast.If | ast.Try):
            yield from _module_assignments(statement.body)
            yield from _module_assignments(statement.orelse)


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
