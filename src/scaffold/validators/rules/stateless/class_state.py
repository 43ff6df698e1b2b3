"""SA103: class-level mutable attributes changed through `self`, `cls` or `type(self)`."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import ClassInfo, FunctionInfo, ModuleIndex, Mutation
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns

# Methods where `self.x = ...` creates the instance's own attribute, shadowing the class one.
INIT_METHODS = frozenset({"__init__", "__post_init__", "__new__", "setUp", "__attrs_post_init__"})


class ClassStateRule(Rule):
    """A class attribute shared by every instance that methods change."""

    code = "SA103"
    name = "class-mutable-state"
    summary = "Class-level mutable attribute changed at runtime"
    rationale = (
        "A list or dict assigned in a class body is one object shared by every instance of the "
        "class in the process: `self.history.append(...)` on it mixes the conversations of all "
        "users, and rebinding `cls.count` or `type(self).count` counts per process. Pydantic, "
        "SQLModel, dataclass and attrs field defaults are copied into each instance and are fine, "
        "as is an attribute that `__init__` assigns on `self`."
    )
    fix = (
        "Give each instance its own data (`self.history = []` in `__init__`, a dataclass "
        "`field(default_factory=list)`) and persist what must outlive the request in the "
        "database."
    )
    invalid = (
        """\
class SupportAgent:
    history = []

    def ask(self, question: str) -> str:
        self.history.append(question)
        return f"{len(self.history)} questions so far"
""",
        """\
class Router:
    sessions: dict[str, str] = {}

    def bind(self, user_id: str, session_id: str) -> None:
        self.sessions[user_id] = session_id
""",
        """\
class Agent:
    instances = 0

    def __init__(self) -> None:
        type(self).instances += 1
""",
        """\
class ToolRegistry:
    _calls = {}

    @classmethod
    def record(cls, tool: str) -> None:
        cls._calls[tool] = cls._calls.get(tool, 0) + 1
""",
        """\
class Memory:
    turns = []

    def add(self, text: str) -> None:
        Memory.turns.append(text)
""",
    )
    valid = (
        """\
class SupportAgent:
    def __init__(self) -> None:
        self.history: list[str] = []

    def ask(self, question: str) -> str:
        self.history.append(question)
        return f"{len(self.history)} questions so far"
""",
        """\
from pydantic import BaseModel, Field


class ChatRequest(BaseModel):
    messages: list[str] = []
    tags: list[str] = Field(default_factory=list)

    def add(self, text: str) -> None:
        self.messages.append(text)
""",
        """\
from sqlmodel import Field, SQLModel


class ConversationBase(SQLModel):
    title: str = ""
    labels: list[str] = Field(default_factory=list)


class Conversation(ConversationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)

    def label(self, name: str) -> None:
        self.labels.append(name)
""",
        """\
from dataclasses import dataclass, field


@dataclass
class Turn:
    parts: list[str] = field(default_factory=list)

    def add(self, part: str) -> None:
        self.parts.append(part)
""",
        """\
class Planner:
    DEFAULT_STEPS = ("plan", "act", "reflect")
    SUPPORTED = {"gpt-4o", "claude"}

    def steps(self) -> list[str]:
        return [step for step in self.DEFAULT_STEPS if step in self.SUPPORTED or True]
""",
        """\
class Counter:
    count = 0

    def increment(self) -> int:
        self.count += 1
        return self.count
""",
        """\
from enum import Enum


class Role(Enum):
    USER = "user"
    ASSISTANT = "assistant"
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        classes = module.module_classes
        import_time = patterns.import_time_functions(module)
        for mutation in module.mutations:
            function = mutation.scope.enclosing_function()
            if function is None:
                continue
            found = self._class_attribute(mutation, function, module, classes)
            if found is None:
                continue
            info, attr, how = found
            if attr in options.allowed_globals or patterns.is_resource_name(attr):
                continue
            if patterns.is_model_class(info, module):
                continue
            if function.name in ("__init_subclass__", "__set_name__", "__class_getitem__"):
                continue
            if patterns.runs_at_import(function, import_time):
                continue
            if patterns.is_decorator_body(function):
                continue  # a class registry filled when something is decorated
            if patterns.is_setup_function(function, module) and function.name not in INIT_METHODS:
                continue
            yield Violation(
                mutation.node,
                f"class attribute `{info.name}.{attr}` is {how} inside `{function.name}()`: one "
                "object shared by every instance in this process, invisible to other instances "
                "and lost on restart",
            )

    def _class_attribute(
        self,
        mutation: Mutation,
        function: FunctionInfo,
        module: ModuleIndex,
        classes: dict[str, ClassInfo],
    ) -> tuple[ClassInfo, str, str] | None:
        if mutation.kind in ("setattr", "delattr"):
            # Rebinding: only through the class itself; `self.x = v` makes an instance attribute.
            receiver = _receiver(mutation.target, function, module, classes)
            if receiver is None or receiver[1]:
                return None
            info = receiver[0]
            if _class_attr(info, mutation.attr, classes) is None:
                return None
            attribute = ast.Attribute(value=mutation.target, attr=mutation.attr, ctx=ast.Load())
            if patterns.lazy_init_guard(mutation.node, ast.dump(attribute), function):
                return None  # `if cls._registry is None: cls._registry = build()`
            return info, mutation.attr, "rebound"
        if mutation.kind == "augassign":
            return None
        target = mutation.target
        if not isinstance(target, ast.Attribute):
            return None
        receiver = _receiver(target.value, function, module, classes)
        if receiver is None:
            return None
        info, through_instance = receiver
        owner = _class_attr(info, target.attr, classes)
        if owner is None:
            return None
        value = owner.attrs[target.attr]
        if not patterns.is_container(value, module):
            return None
        if through_instance and _assigned_in_init(info, target.attr, classes):
            return None
        return info, target.attr, "changed"


def _receiver(
    expr: ast.expr,
    function: FunctionInfo,
    module: ModuleIndex,
    classes: dict[str, ClassInfo],
) -> tuple[ClassInfo, bool] | None:
    """The class an expression designates, and whether it is reached through an instance."""
    method = _method_of(function)
    if method is not None and method.cls is not None and method.params:
        first = method.params[0].arg
        is_classmethod = any(
            isinstance(d, ast.Name) and d.id == "classmethod" for d in method.decorators
        )
        if isinstance(expr, ast.Name) and expr.id == first:
            return method.cls, not (is_classmethod or first in ("cls", "mcs", "klass"))
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id == "type"
            and len(expr.args) == 1
            and isinstance(expr.args[0], ast.Name)
            and expr.args[0].id == first
        ):
            return method.cls, False
        if (
            isinstance(expr, ast.Attribute)
            and expr.attr == "__class__"
            and isinstance(expr.value, ast.Name)
            and expr.value.id == first
        ):
            return method.cls, False
    if isinstance(expr, ast.Name) and expr.id in classes:
        binding, _ = module.resolve(expr.id, function.scope)
        if binding == "module":
            return classes[expr.id], False
    return None


def _method_of(function: FunctionInfo) -> FunctionInfo | None:
    """The method a function belongs to (itself, or the method it is nested in)."""
    current: FunctionInfo | None = function
    while current is not None:
        if current.cls is not None:
            return current
        current = current.outer_function()
    return None


def _class_attr(
    info: ClassInfo, attr: str, classes: dict[str, ClassInfo], depth: int = 0
) -> ClassInfo | None:
    """The class (this one or a base defined in the module) whose body assigns `attr`."""
    if attr in info.attrs:
        return info
    if depth > 10:
        return None
    for base in info.node.bases:
        if isinstance(base, ast.Name) and base.id in classes and base.id != info.name:
            owner = _class_attr(classes[base.id], attr, classes, depth + 1)
            if owner is not None:
                return owner
    return None


def _assigned_in_init(info: ClassInfo, attr: str, classes: dict[str, ClassInfo]) -> bool:
    """True when an init method assigns `self.<attr>`, giving each instance its own value."""
    for name in INIT_METHODS:
        method = info.methods.get(name)
        if method is None or not method.params:
            continue
        first = method.params[0].arg
        for node in ast.walk(method.node):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and node.attr == attr
                and isinstance(node.value, ast.Name)
                and node.value.id == first
            ):
                return True
    for base in info.node.bases:
        if (
            isinstance(base, ast.Name)
            and base.id in classes
            and base.id != info.name
            and _assigned_in_init(classes[base.id], attr, classes)
        ):
            return True
    return False
