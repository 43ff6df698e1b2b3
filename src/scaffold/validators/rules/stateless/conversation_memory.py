"""SA107: known in-memory conversation memories (LangChain, LangGraph, Agents SDK, ChatKit...)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import ClassInfo, ModuleIndex, Scope
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns
from scaffold.validators.rules.stateless.known_memories import (
    CHAT_SESSION_CALLS,
    CHAT_SESSION_METHODS,
    KNOWN_MEMORIES,
    STORE_BASES,
    STORE_CONTENTS,
    KnownMemory,
)

_BY_NAME = {memory.name: memory for memory in KNOWN_MEMORIES}


class ConversationMemoryRule(Rule):
    """Framework objects that keep a conversation in process memory."""

    code = "SA107"
    name = "in-memory-conversation"
    summary = "Conversation kept in a known in-memory store"
    rationale = (
        "Agent frameworks ship in-memory conversation stores for demos: LangChain's "
        "`ConversationBufferMemory` and `InMemoryChatMessageHistory`, LangGraph's `MemorySaver`, "
        "the Agents SDK's `SQLiteSession` without a database file, a Gemini `start_chat()` "
        "session kept in a global or on a long-lived object, a ChatKit `Store` or "
        "`AttachmentStore` implemented over dicts, and LangChain's `FileChatMessageHistory`, "
        "which writes it to the local disk. In a server they lose every conversation on "
        "restart and split it between instances. The list is data (`known_memories.py`, "
        "plus `extra-in-memory-classes` in the configuration)."
    )
    fix = (
        "Use the framework's persistent backend (a SQL chat message history, LangGraph's "
        "Postgres checkpointer, the Agents SDK's `SQLAlchemySession` on the app's database, a "
        "ChatKit store over the database) or rebuild the chat from stored messages per request. "
        "A SQLite file is no fix: it lives on one instance's disk."
    )
    invalid = (
        """\
from langchain.memory import ConversationBufferMemory

memory = ConversationBufferMemory(return_messages=True)
""",
        """\
from langgraph.checkpoint.memory import MemorySaver
from langgraph.graph import StateGraph

builder = StateGraph(dict)
graph = builder.compile(checkpointer=MemorySaver())
""",
        """\
from agents import Agent, Runner, SQLiteSession

agent = Agent(name="support")


async def reply(user_id: str, text: str) -> str:
    session = SQLiteSession(user_id)
    result = await Runner.run(agent, text, session=session)
    return result.final_output
""",
        """\
from agents import Agent, Runner, SQLiteSession

agent = Agent(name="support")


async def reply(user_id: str, text: str) -> str:
    session = SQLiteSession(user_id, "chat_sessions.db")
    return (await Runner.run(agent, text, session=session)).final_output
""",
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash")
chats = {}


def send(user_id: str, text: str) -> str:
    if user_id not in chats:
        chats[user_id] = model.start_chat()
    return chats[user_id].send_message(text).text
""",
        """\
from chatkit.store import Store


class MemoryStore(Store):
    def __init__(self) -> None:
        self.threads = {}
        self.items = {}

    async def load_thread(self, thread_id, context):
        return self.threads[thread_id]
""",
        """\
from langchain_core.chat_history import InMemoryChatMessageHistory

store = {}


def get_session_history(session_id: str) -> InMemoryChatMessageHistory:
    return store.setdefault(session_id, InMemoryChatMessageHistory())
""",
        """\
from langchain_community.chat_message_histories import FileChatMessageHistory


def get_session_history(session_id: str) -> FileChatMessageHistory:
    return FileChatMessageHistory(f"histories/{session_id}.json")
""",
        """\
from chatkit.store import AttachmentStore
from chatkit.types import Attachment


class MemoryAttachmentStore(AttachmentStore[dict]):
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    async def delete_attachment(self, attachment_id: str, context: dict) -> None:
        self.files.pop(attachment_id, None)

    async def create_attachment(self, input, context: dict) -> Attachment:
        raise NotImplementedError
""",
    )
    valid = (
        """\
from langchain.memory import ConversationBufferMemory
from langchain_community.chat_message_histories import SQLChatMessageHistory


def memory_for(session_id: str) -> ConversationBufferMemory:
    history = SQLChatMessageHistory(session_id=session_id, connection="sqlite:///chat.db")
    return ConversationBufferMemory(chat_memory=history, return_messages=True)
""",
        """\
from langgraph.checkpoint.postgres import PostgresSaver

DB_URI = "postgresql://localhost/agents"


def build(builder):
    with PostgresSaver.from_conn_string(DB_URI) as checkpointer:
        return builder.compile(checkpointer=checkpointer)
""",
        """\
from agents import Agent, Runner
from agents.extensions.memory import SQLAlchemySession

from app.db import engine

agent = Agent(name="support")


async def reply(user_id: str, text: str) -> str:
    session = SQLAlchemySession(user_id, engine=engine)
    result = await Runner.run(agent, text, session=session)
    return result.final_output
""",
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash")


def send(history: list[dict], text: str) -> str:
    chat = model.start_chat(history=history)
    return chat.send_message(text).text
""",
        """\
from chatkit.store import Store
from sqlmodel import Session, select

from app.models import ThreadRow


class DatabaseStore(Store):
    def __init__(self, session: Session) -> None:
        self.session = session

    async def load_thread(self, thread_id, context):
        return self.session.exec(select(ThreadRow).where(ThreadRow.id == thread_id)).one()
""",
        """\
from agents.extensions.memory import SQLAlchemySession

from app.db import engine


def session_for(user_id: str) -> SQLAlchemySession:
    return SQLAlchemySession(user_id, engine=engine)
""",
        """\
from app.memory import BufferMemory


def summarize(memory: BufferMemory) -> str:
    return memory.summary()
""",
        """\
from langchain_community.chat_message_histories import SQLChatMessageHistory


def get_session_history(session_id: str) -> SQLChatMessageHistory:
    return SQLChatMessageHistory(session_id=session_id, connection="postgresql://db/chat")
""",
        """\
from chatkit.store import AttachmentStore
from chatkit.types import Attachment

from app.blobs import BlobClient


class BlobAttachmentStore(AttachmentStore[dict]):
    def __init__(self, blobs: BlobClient) -> None:
        self.blobs = blobs

    async def delete_attachment(self, attachment_id: str, context: dict) -> None:
        await self.blobs.delete(f"attachments/{attachment_id}")

    async def create_attachment(self, input, context: dict) -> Attachment:
        raise NotImplementedError
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        extra = options.extra_in_memory_classes
        chat_sessions = False
        for call, _ in module.calls:
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr in CHAT_SESSION_METHODS:
                chat_sessions = True
                continue
            qualified = module.qualname(func)
            if qualified is None:
                continue
            if qualified.endswith(CHAT_SESSION_CALLS):
                chat_sessions = True
                continue
            note = _known(qualified, extra)
            if note is None:
                continue
            memory = _BY_NAME.get(patterns.last_name(qualified))
            storage = memory.storage if memory is not None else "process memory"
            if memory is not None and not _in_memory(memory, call):
                if memory.judgement != "db_path":
                    continue  # given a persistent history
                # `SQLiteSession(id, "chat.db")`: out of memory, onto one instance's disk.
                storage = "a SQLite file on this instance's disk"
            if storage != "process memory":
                consequence = "it exists on this instance's disk only and vanishes with it"
            else:
                consequence = "it is lost on restart and invisible to other instances"
            yield Violation(
                call,
                f"`{patterns.last_name(qualified)}` ({note}) keeps the conversation in "
                f"{storage}: {consequence}",
            )
        if chat_sessions:
            yield from _kept_chat_sessions(module)
        yield from _dict_stores(module)


def _known(qualified: str, extra: frozenset[str]) -> str | None:
    if qualified in extra:
        return "configured in-memory class"
    short = patterns.last_name(qualified)
    memory = _BY_NAME.get(short)
    if memory is None:
        return None
    top = qualified.partition(".")[0]
    if top in memory.packages:
        return memory.note
    return None


def _in_memory(memory: KnownMemory, call: ast.Call) -> bool:
    keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    if memory.judgement == "chat_memory":
        return "chat_memory" not in keywords
    if memory.judgement == "db_path":
        path = keywords.get("db_path")
        if path is None and len(call.args) > 1:
            path = call.args[1]
        if path is None:
            return True
        return isinstance(path, ast.Constant) and path.value == ":memory:"
    return True


def _is_chat_session(expr: ast.expr | None, module: ModuleIndex) -> bool:
    if not isinstance(expr, ast.Call):
        return False
    func = expr.func
    if isinstance(func, ast.Attribute) and func.attr in CHAT_SESSION_METHODS:
        return True
    qualified = module.qualname(func) or ""
    return qualified.endswith(CHAT_SESSION_CALLS)


def _kept_chat_sessions(module: ModuleIndex) -> Iterator[Violation]:
    """Chat sessions stored beyond one request: module level, attributes, containers, globals."""
    message = (
        "a chat session from `start_chat()` is kept beyond the request: its history lives in "
        "process memory; rebuild it from stored messages per request"
    )
    scopes: dict[int, Scope] = {id(info.node): info.scope for info in module.functions}
    nodes = list(_statements_with_scope(module.tree.body, module.module_scope, scopes))
    # Local names holding a chat session, per scope: storing one of them later keeps it too.
    holders: set[tuple[int, str]] = set()
    for node, scope in nodes:
        if isinstance(node, ast.Assign) and _is_chat_session(node.value, module):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    holders.add((id(scope), target.id))

    def is_session(expr: ast.expr | None, scope: Scope) -> bool:
        if isinstance(expr, ast.Name):
            return (id(scope), expr.id) in holders
        return _is_chat_session(expr, module)

    for node, scope in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if not is_session(node.value, scope):
                continue
            if scope.kind in ("module", "class") and _is_chat_session(node.value, module):
                yield Violation(node, message)
                continue
            for target in targets:
                if isinstance(target, ast.Attribute | ast.Subscript) or (
                    isinstance(target, ast.Name) and target.id in scope.globals
                ):
                    yield Violation(node, message)
                    break
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("setdefault", "append", "__setitem__", "update")
            and any(is_session(arg, scope) for arg in node.args)
        ):
            yield Violation(node, message)


def _statements_with_scope(
    body: list[ast.stmt], scope: Scope, scopes: dict[int, Scope]
) -> Iterator[tuple[ast.AST, Scope]]:
    stack: list[tuple[ast.AST, Scope]] = [(statement, scope) for statement in body]
    while stack:
        node, current = stack.pop()
        yield node, current
        inner = scopes.get(id(node), current)
        if isinstance(node, ast.ClassDef):
            inner = Scope("class", node, current)
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))


def _dict_stores(module: ModuleIndex) -> Iterator[Violation]:
    """ChatKit `Store` and `AttachmentStore` subclasses that keep their data in dicts."""
    classes = module.module_classes
    for info in module.classes:
        base = _store_base(info, module, classes)
        if base is None:
            continue
        container = _container_attribute(info, module)
        if container is None:
            continue
        contents = STORE_CONTENTS.get(base, "threads and items")
        yield Violation(
            info.node,
            f"`{info.name}` is a ChatKit `{base}` over in-memory containers (`{container}`): "
            f"{contents} vanish on restart and differ between instances",
        )


def _store_base(
    info: ClassInfo, module: ModuleIndex, classes: dict[str, ClassInfo], depth: int = 0
) -> str | None:
    """The ChatKit store base class `info` derives from (directly or through a local base)."""
    for base in info.node.bases:
        target = base.value if isinstance(base, ast.Subscript) else base
        qualified = module.qualname(target)
        if qualified is None:
            continue
        for name, packages in STORE_BASES:
            if patterns.last_name(qualified) == name and qualified.partition(".")[0] in packages:
                return name
        if qualified in classes and qualified != info.name and depth < 10:
            found = _store_base(classes[qualified], module, classes, depth + 1)
            if found is not None:
                return found
    return None


def _container_attribute(info: ClassInfo, module: ModuleIndex) -> str | None:
    """A data container the class body or `__init__` creates (locks and pools are not data)."""
    for name, value in info.attrs.items():
        if patterns.is_container(value, module) and not patterns.is_resource_name(name):
            return name
    init = info.methods.get("__init__")
    if init is None:
        return None
    for node in ast.walk(init.node):
        if isinstance(node, ast.Assign) and patterns.is_container(node.value, module):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and not patterns.is_resource_name(target.attr):
                    return target.attr
        if (
            isinstance(node, ast.AnnAssign)
            and patterns.is_container(node.value, module)
            and isinstance(node.target, ast.Attribute)
            and not patterns.is_resource_name(node.target.attr)
        ):
            return node.target.attr
    return None
