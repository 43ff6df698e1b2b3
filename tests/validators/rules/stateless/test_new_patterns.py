"""Patterns met in agent backends: stateful middleware, offloaded conversation writes, file and
attachment stores, and closures handed to a server.

Each caught case marks the line the finding must point at with `# <-`; each quiet case is its
look-alike, so an exemption cannot grow (or a detection shrink) unnoticed.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.validators.conftest import check_snippet

MARK = "# <-"


def _marked_lines(source: str) -> set[int]:
    lines = textwrap.dedent(source).splitlines()
    return {number for number, line in enumerate(lines, start=1) if line.rstrip().endswith(MARK)}


CAUGHT: dict[str, tuple[str, str]] = {
    # SA111: middleware changing self per request.
    "rate limiter appending to a defaultdict of the instance": (
        "SA111",
        """
        import time
        from collections import defaultdict

        from starlette.middleware.base import BaseHTTPMiddleware

        class RateLimitMiddleware(BaseHTTPMiddleware):
            def __init__(self, app, max_requests: int = 100) -> None:
                super().__init__(app)
                self.max_requests = max_requests
                self.requests: defaultdict[str, list[float]] = defaultdict(list)

            async def dispatch(self, request, call_next):
                now = time.time()
                self.requests[request.client.host].append(now)  # <-
                if len(self.requests[request.client.host]) > self.max_requests:
                    self.requests[request.client.host].clear()
                return await call_next(request)
        """,
    ),
    "helper reached from dispatch through self": (
        "SA111",
        """
        from fastapi import Request
        from starlette.middleware.base import BaseHTTPMiddleware

        class MetricsMiddleware(BaseHTTPMiddleware):
            def __init__(self, app) -> None:
                super().__init__(app)
                self.total = 0

            async def dispatch(self, request: Request, call_next):
                self._count(request)
                return await call_next(request)

            def _count(self, request: Request) -> None:
                self.total += 1  # <-
        """,
    ),
    "pure ASGI middleware counting bytes in its send wrapper": (
        "SA111",
        """
        class ResponseSizeMiddleware:
            def __init__(self, app) -> None:
                self.app = app
                self.bytes_sent = 0

            async def __call__(self, scope, receive, send) -> None:
                async def counting_send(message) -> None:
                    if message["type"] == "http.response.body":
                        self.bytes_sent += len(message.get("body", b""))  # <-
                    await send(message)

                await self.app(scope, receive, counting_send)
        """,
    ),
    "ASGI middleware keeping the current scope on self": (
        "SA111",
        """
        from fastapi import FastAPI
        from starlette.middleware import Middleware

        class TenantMiddleware:
            def __init__(self, app) -> None:
                self.app = app

            async def __call__(self, scope, receive, send) -> None:
                self.scope = scope  # <-
                await self.app(scope, receive, send)

        app = FastAPI(middleware=[Middleware(TenantMiddleware)])
        """,
    ),
    "ASGI signature recognised by its annotations": (
        "SA111",
        """
        from starlette.types import ASGIApp, Receive, Scope, Send

        class ConnectionsMiddleware:
            def __init__(self, app: ASGIApp) -> None:
                self.app = app
                self.open: dict[str, Scope] = {}

            async def __call__(self, conn: Scope, recv: Receive, reply: Send) -> None:
                self.open[str(conn.get("client"))] = conn  # <-
                await self.app(conn, recv, reply)
        """,
    ),
    "registered class whose request hook comes from an imported base": (
        "SA111",
        """
        from fastapi import FastAPI

        from app.middleware import HookMiddleware

        class AuditMiddleware(HookMiddleware):
            def __init__(self, app) -> None:
                super().__init__(app)
                self.paths: list[str] = []

            async def before_request(self, request) -> None:
                self.paths.append(request.url.path)  # <-

        app = FastAPI()
        app.add_middleware(AuditMiddleware)
        """,
    ),
    "subclass of a local middleware base": (
        "SA111",
        """
        from starlette.middleware.base import BaseHTTPMiddleware

        class AppMiddleware(BaseHTTPMiddleware):
            pass

        class LastUserMiddleware(AppMiddleware):
            async def dispatch(self, request, call_next):
                self.last_user = request.headers.get("x-user")  # <-
                return await call_next(request)
        """,
    ),
    # SA108: conversation written to the local disk, offloaded or by a store class.
    "Agents SDK session writing through asyncio.to_thread": (
        "SA108",
        """
        import asyncio
        import json
        from pathlib import Path

        from agents.memory import SessionABC

        class FileSession(SessionABC):
            def __init__(self, session_id: str, root: Path) -> None:
                self.file = root / f"{session_id}.json"

            async def get_items(self, limit=None):
                return json.loads(await asyncio.to_thread(self.file.read_text))

            async def add_items(self, items) -> None:
                data = [*(await self.get_items()), *items]
                await asyncio.to_thread(self.file.write_text, json.dumps(data))  # <-
        """,
    ),
    "store helper handed to run_in_executor opens the file for writing": (
        "SA108",
        """
        import asyncio
        import json
        from pathlib import Path

        class JsonlStore:
            def __init__(self, root: Path) -> None:
                self.root = root

            async def get_items(self, key: str) -> list[dict]:
                return []

            async def add_items(self, key: str, items: list[dict]) -> None:
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(None, self._append, key, items)

            def _append(self, key: str, items: list[dict]) -> None:
                with (self.root / f"{key}.jsonl").open("a") as handle:  # <-
                    handle.writelines(json.dumps(item) + "\\n" for item in items)
        """,
    ),
    "helper with a setup-like name still runs per turn": (
        "SA108",
        """
        from pathlib import Path

        from agents.memory import SessionABC

        class FileSession(SessionABC):
            def __init__(self, path: Path) -> None:
                self.path = path

            async def clear_session(self) -> None:
                self._init_file()

            def _init_file(self) -> None:
                self.path.write_text("[]")  # <-
        """,
    ),
    "anyio run_sync with write_bytes in a route": (
        "SA108",
        """
        import anyio
        from fastapi import APIRouter

        router = APIRouter()

        @router.post("/conversations/{conversation_id}")
        async def save(conversation_id: str, body: bytes) -> None:
            path = anyio.Path("data") / conversation_id
            await anyio.to_thread.run_sync(path.write_bytes, body)  # <-
        """,
    ),
    "to_thread(open, path, 'a')": (
        "SA108",
        """
        import asyncio

        async def append_message(thread_id: str, text: str) -> None:
            handle = await asyncio.to_thread(open, f"threads/{thread_id}.txt", "a")  # <-
            handle.write(text)
        """,
    ),
    "partial of write_text in an executor": (
        "SA108",
        """
        import asyncio
        import functools
        from pathlib import Path

        async def store_transcript(session_id: str, text: str) -> None:
            path = Path("transcripts") / f"{session_id}.txt"
            await asyncio.get_running_loop().run_in_executor(  # <-
                None, functools.partial(path.write_text, text, encoding="utf-8")
            )
        """,
    ),
    "LangChain history subclass appending with aiofiles": (
        "SA108",
        """
        import aiofiles
        from langchain_core.chat_history import BaseChatMessageHistory

        class JsonlHistory(BaseChatMessageHistory):
            def __init__(self, path: str) -> None:
                self.path = path

            async def aadd_messages(self, messages) -> None:
                await self.add_messages(messages)

            async def add_messages(self, messages) -> None:
                async with aiofiles.open(self.path, "a") as handle:  # <-
                    for message in messages:
                        await handle.write(message.content)

            def clear(self) -> None:
                pass
        """,
    ),
    # SA107: file-backed histories and dict-backed attachment stores.
    "FileChatMessageHistory from langchain_community": (
        "SA107",
        """
        from langchain_community.chat_message_histories import FileChatMessageHistory

        def history(session_id: str) -> FileChatMessageHistory:
            return FileChatMessageHistory(f"chats/{session_id}.json")  # <-
        """,
    ),
    "FileChatMessageHistory under a buffer memory (old langchain path)": (
        "SA107",
        """
        from langchain.memory import ConversationBufferMemory, FileChatMessageHistory

        def memory(session_id: str) -> ConversationBufferMemory:
            history = FileChatMessageHistory(f"chats/{session_id}.json")  # <-
            return ConversationBufferMemory(chat_memory=history)
        """,
    ),
    "AttachmentStore over a dict, through a local base": (
        "SA107",
        """
        from chatkit.store import AttachmentStore

        class BaseAttachments(AttachmentStore[dict]):
            pass

        class MemoryAttachments(BaseAttachments):  # <-
            def __init__(self) -> None:
                self.blobs: dict[str, bytes] = {}

            async def delete_attachment(self, attachment_id: str, context: dict) -> None:
                self.blobs.pop(attachment_id, None)
        """,
    ),
    # SA102: closures handed to a long-lived server.
    "handler passed as a keyword to the low-level server": (
        "SA102",
        """
        from mcp.server.lowlevel import Server

        def build_server() -> Server:
            calls: list[str] = []

            async def call_tool(ctx, params):
                calls.append(params.name)  # <-
                return {"calls": len(calls)}

            return Server("tools", on_call_tool=call_tool)
        """,
    ),
    "handler stored in the server's request handler table": (
        "SA102",
        """
        from mcp import types
        from mcp.server import Server

        def create_server() -> Server:
            server = Server("notes")
            notes: dict[str, dict] = {}

            async def call_tool(request):
                notes[request.params.name] = request.params.arguments  # <-
                return types.ServerResult(types.CallToolResult(content=[]))

            server.request_handlers[types.CallToolRequest] = call_tool
            return server
        """,
    ),
    "nonlocal counter in a route added by create_app": (
        "SA102",
        """
        from fastapi import FastAPI

        def create_app() -> FastAPI:
            app = FastAPI()
            served = 0

            async def chat(message: str) -> dict:
                nonlocal served
                served += 1  # <-
                return {"served": served}

            app.add_api_route("/chat", chat, methods=["POST"])
            return app
        """,
    ),
    "tool added to a server passed in": (
        "SA102",
        """
        def register_tools(mcp) -> None:
            seen: set[str] = set()

            def lookup(term: str) -> bool:
                seen.add(term)  # <-
                return term in seen

            mcp.add_tool(lookup)
        """,
    ),
    "route wrapped in functools.partial on a router": (
        "SA102",
        """
        import functools

        from fastapi import APIRouter

        def build_router(prefix: str) -> APIRouter:
            router = APIRouter(prefix=prefix)
            asked: list[str] = []

            async def ask(settings, question: str) -> int:
                asked.append(question)  # <-
                return len(asked)

            router.add_api_route("/ask", functools.partial(ask, None))
            return router
        """,
    ),
    "decorated tool inside a server factory nobody calls at import": (
        "SA102",
        """
        from mcp.server.fastmcp import FastMCP

        def make_server() -> FastMCP:
            mcp = FastMCP("memory")
            memory: list[str] = []

            @mcp.tool()
            def remember(text: str) -> int:
                memory.append(text)  # <-
                return len(memory)

            return mcp
        """,
    ),
    "lambda handed to the server": (
        "SA102",
        """
        from mcp.server.lowlevel import Server

        def build_server() -> Server:
            calls: list[str] = []
            return Server("x", on_call_tool=lambda ctx, params: calls.append(params.name))  # <-
        """,
    ),
    "tool of an agent built at import": (
        "SA102",
        """
        from agents import Agent, FunctionTool

        def make_agent() -> Agent:
            notes: list[str] = []

            async def note(ctx, args: str) -> str:
                notes.append(args)  # <-
                return "ok"

            tool = FunctionTool(
                name="note", description="", params_json_schema={}, on_invoke_tool=note
            )
            return Agent(name="notes", tools=[tool])

        agent = make_agent()
        """,
    ),
}

QUIET: dict[str, tuple[str, str]] = {
    # SA111
    "middleware configured only in __init__": (
        "SA111",
        """
        from starlette.middleware.base import BaseHTTPMiddleware

        class CorsLikeMiddleware(BaseHTTPMiddleware):
            def __init__(self, app, origins: list[str]) -> None:
                super().__init__(app)
                self.origins = set(origins)
                self.origins.add("http://localhost")

            async def dispatch(self, request, call_next):
                response = await call_next(request)
                if request.headers.get("origin") in self.origins:
                    response.headers["access-control-allow-origin"] = "*"
                return response
        """,
    ),
    "client created lazily in dispatch": (
        "SA111",
        """
        import httpx
        from starlette.middleware.base import BaseHTTPMiddleware

        class ForwardMiddleware(BaseHTTPMiddleware):
            def __init__(self, app) -> None:
                super().__init__(app)
                self._http = None

            async def dispatch(self, request, call_next):
                if self._http is None:
                    self._http = httpx.AsyncClient()
                return await call_next(request)
        """,
    ),
    "semaphores per route are resources": (
        "SA111",
        """
        import asyncio

        class LimitMiddleware:
            def __init__(self, app) -> None:
                self.app = app
                self._semaphores: dict[str, asyncio.Semaphore] = {}

            async def __call__(self, scope, receive, send) -> None:
                semaphore = self._semaphores.setdefault(scope["path"], asyncio.Semaphore(4))
                async with semaphore:
                    await self.app(scope, receive, send)
        """,
    ),
    "per-request data in request.state and scope['state']": (
        "SA111",
        """
        import time

        from starlette.middleware.base import BaseHTTPMiddleware

        class TimingMiddleware(BaseHTTPMiddleware):
            async def dispatch(self, request, call_next):
                request.state.started = time.perf_counter()
                request.scope.setdefault("state", {})["user"] = request.headers.get("x-user")
                return await call_next(request)
        """,
    ),
    "responder built per request by the middleware": (
        "SA111",
        """
        class _Gate:
            def __init__(self, app, limit: int) -> None:
                self.app = app
                self.limit = limit
                self.seen = 0

            async def __call__(self, scope, receive, send) -> None:
                self.seen += 1
                await self.app(scope, receive, send)

        class GateMiddleware:
            def __init__(self, app) -> None:
                self.app = app

            async def __call__(self, scope, receive, send) -> None:
                await _Gate(self.app, 10)(scope, receive, send)
        """,
    ),
    "response class with an ASGI __call__": (
        "SA111",
        """
        from starlette.responses import Response

        class ChunkedResponse(Response):
            async def __call__(self, scope, receive, send) -> None:
                self.chunks_sent = 0
                await send({"type": "http.response.start", "status": 200, "headers": []})
        """,
    ),
    "class-level container is reported by SA103, not twice": (
        "SA111",
        """
        from starlette.middleware.base import BaseHTTPMiddleware

        class BanMiddleware(BaseHTTPMiddleware):
            banned = set()

            async def dispatch(self, request, call_next):
                self.banned.add(request.client.host)
                return await call_next(request)
        """,
    ),
    "plain class with a dispatch method": (
        "SA111",
        """
        class EventBus:
            def __init__(self) -> None:
                self.events: list[str] = []

            def dispatch(self, event: str) -> None:
                self.events.append(event)

        def handle(event: str) -> None:
            bus = EventBus()
            bus.dispatch(event)
        """,
    ),
    # SA108
    "offloaded read of a session file": (
        "SA108",
        """
        import asyncio
        import json
        from pathlib import Path

        from agents.memory import SessionABC

        class FileSession(SessionABC):
            def __init__(self, path: Path) -> None:
                self.path = path

            async def get_items(self, limit=None):
                return json.loads(await asyncio.to_thread(self.path.read_text))
        """,
    ),
    "offloading a function that writes is out of scope": (
        "SA108",
        """
        import asyncio

        from app.storage import save_transcript

        async def finish(session_id: str, text: str) -> None:
            await asyncio.to_thread(save_transcript, session_id, text)
        """,
    ),
    "report written through to_thread outside any store": (
        "SA108",
        """
        import asyncio
        from pathlib import Path

        async def export_report(path: Path, body: str) -> None:
            await asyncio.to_thread(path.write_text, body)
        """,
    ),
    "store writing to a temporary directory": (
        "SA108",
        """
        import asyncio
        import tempfile
        from pathlib import Path

        class ScratchStore:
            def __init__(self) -> None:
                self.tmp_dir = Path(tempfile.mkdtemp())

            async def add_items(self, items: list[str]) -> None:
                await asyncio.to_thread((self.tmp_dir / "items.txt").write_text, "".join(items))
        """,
    ),
    "fsspec open with a path, not a mode": (
        "SA108",
        """
        class BucketSession:
            def __init__(self, fs) -> None:
                self.fs = fs

            async def get_items(self, limit=None):
                with self.fs.open("sessions/abc.json") as handle:
                    return handle.read()
        """,
    ),
    "session stored in the database": (
        "SA108",
        """
        from agents.memory import SessionABC
        from sqlalchemy.ext.asyncio import AsyncSession

        from app.models import Item

        class DatabaseSession(SessionABC):
            def __init__(self, session_id: str, db: AsyncSession) -> None:
                self.session_id = session_id
                self.db = db

            async def add_items(self, items) -> None:
                self.db.add_all([Item(session_id=self.session_id, data=i) for i in items])
                await self.db.commit()
        """,
    ),
    # SA107
    "FileChatMessageHistory of the project's own module": (
        "SA107",
        """
        from app.history import FileChatMessageHistory

        def history(session_id: str) -> FileChatMessageHistory:
            return FileChatMessageHistory(session_id)
        """,
    ),
    "attachment store with locks, blobs in object storage": (
        "SA107",
        """
        import asyncio

        from chatkit.store import AttachmentStore

        from app.blobs import BlobClient

        class BlobAttachments(AttachmentStore[dict]):
            def __init__(self, blobs: BlobClient) -> None:
                self.blobs = blobs
                self._locks: dict[str, asyncio.Lock] = {}

            async def delete_attachment(self, attachment_id: str, context: dict) -> None:
                async with self._locks.setdefault(attachment_id, asyncio.Lock()):
                    await self.blobs.delete(attachment_id)
        """,
    ),
    "a class named AttachmentStore from elsewhere": (
        "SA107",
        """
        from app.files import AttachmentStore

        class Uploads(AttachmentStore):
            def __init__(self) -> None:
                self.pending: dict[str, bytes] = {}
        """,
    ),
    # SA102
    "closures passed to sorted, map, gather, reduce, to_thread and an executor": (
        "SA102",
        """
        import asyncio
        import functools

        def rank(items: list[str]) -> list[str]:
            scores: dict[str, int] = {}

            def score(item: str) -> int:
                scores[item] = len(item)
                return scores[item]

            return sorted(items, key=score)

        async def fetch_all(urls: list[str]) -> list[str]:
            results: list[str] = []

            async def fetch(url: str) -> None:
                results.append(url)

            await asyncio.gather(*map(fetch, urls))
            return results

        def total(values: list[int]) -> int:
            seen: list[int] = []

            def add(left: int, right: int) -> int:
                seen.append(right)
                return left + right

            return functools.reduce(add, values, 0)

        async def measure(paths: list[str]) -> list[int]:
            sizes: list[int] = []

            def size(path: str) -> None:
                sizes.append(len(path))

            await asyncio.to_thread(size, paths[0])
            await asyncio.get_running_loop().run_in_executor(None, size, paths[1])
            return sizes
        """,
    ),
    "closure passed to a local helper that walks a tree": (
        "SA102",
        """
        def walk(tree: dict, visit) -> None:
            visit(tree)
            for child in tree.get("children", []):
                walk(child, visit)

        def names(tree: dict) -> list[str]:
            found: list[str] = []

            def collect(node: dict) -> None:
                found.append(node["name"])

            walk(tree, collect)
            return found
        """,
    ),
    "route that only reads its closure": (
        "SA102",
        """
        from fastapi import FastAPI

        def create_app() -> FastAPI:
            app = FastAPI()
            limits = {"free": 10, "pro": 100}

            async def limit(plan: str) -> int:
                return limits.get(plan, 0)

            app.add_api_route("/limit", limit)
            return app
        """,
    ),
    "startup hooks run once": (
        "SA102",
        """
        from fastapi import FastAPI

        def create_app() -> FastAPI:
            models: dict[str, object] = {}

            def load_models() -> None:
                models["default"] = object()

            def warm() -> None:
                models["warm"] = object()

            app = FastAPI(on_startup=[warm])
            app.add_event_handler("startup", load_models)
            return app
        """,
    ),
    "tool closure of an agent built per request": (
        "SA102",
        """
        from agents import Agent, FunctionTool, Runner

        async def answer(question: str) -> str:
            notes: list[str] = []

            async def note(ctx, args: str) -> str:
                notes.append(args)
                return "ok"

            tool = FunctionTool(
                name="note", description="", params_json_schema={}, on_invoke_tool=note
            )
            result = await Runner.run(Agent(name="a", tools=[tool]), question)
            return result.final_output
        """,
    ),
    "locks created per key inside a server factory": (
        "SA102",
        """
        import asyncio

        from fastapi import FastAPI

        def create_app() -> FastAPI:
            app = FastAPI()
            locks: dict[str, asyncio.Lock] = {}

            async def run(job_id: str) -> None:
                async with locks.setdefault(job_id, asyncio.Lock()):
                    pass

            app.add_api_route("/run", run)
            return app
        """,
    ),
    "WSGI start_response callback": (
        "SA102",
        """
        def run_wsgi_app(app, environ):
            response = None

            def start_response(status, headers, exc_info=None):
                nonlocal response
                response = (status, headers)

            body = app(environ, start_response)
            return response, body
        """,
    ),
}


@pytest.mark.parametrize("name", CAUGHT)
def test_stateful_pattern_is_caught_on_the_marked_line(name: str) -> None:
    code, source = CAUGHT[name]
    expected = _marked_lines(source)
    assert expected, "mark the line the finding must point at"
    lines = {finding.line for finding in check_snippet(source) if finding.rule == code}
    assert lines == expected, (code, lines)


@pytest.mark.parametrize("name", QUIET)
def test_lookalike_is_quiet(name: str) -> None:
    code, source = QUIET[name]
    findings = [finding for finding in check_snippet(source) if finding.rule == code]
    assert findings == []


def test_middleware_message_names_class_and_attribute() -> None:
    _, source = CAUGHT["rate limiter appending to a defaultdict of the instance"]
    [finding] = [f for f in check_snippet(source) if f.rule == "SA111"]
    assert "`RateLimitMiddleware`" in finding.message
    assert "`self.requests`" in finding.message
    assert "every request of this process shares it" in finding.message
    assert "other instances do not see it" in finding.message


def test_middleware_reports_once_per_method() -> None:
    source = """
        from starlette.middleware.base import BaseHTTPMiddleware

        class StatsMiddleware(BaseHTTPMiddleware):
            def __init__(self, app) -> None:
                super().__init__(app)
                self.count = 0
                self.paths: set[str] = set()

            async def dispatch(self, request, call_next):
                self.count += 1
                self.paths.add(request.url.path)
                self.last = request.url.path
                return await call_next(request)

            async def flush(self) -> None:
                self.paths.clear()
        """
    findings = [f for f in check_snippet(source) if f.rule == "SA111"]
    # `flush` is not reached from `dispatch`, so only dispatch's first change is reported.
    assert [(f.line, f.rule) for f in findings] == [(11, "SA111")]


def test_file_history_message_says_local_file() -> None:
    _, source = CAUGHT["FileChatMessageHistory from langchain_community"]
    [finding] = [f for f in check_snippet(source) if f.rule == "SA107"]
    assert "local file" in finding.message
    assert "process memory" not in finding.message


def test_attachment_store_message_names_attachments() -> None:
    _, source = CAUGHT["AttachmentStore over a dict, through a local base"]
    [finding] = [f for f in check_snippet(source) if f.rule == "SA107"]
    assert "`AttachmentStore`" in finding.message
    assert "`blobs`" in finding.message
    assert "attachments vanish" in finding.message


FLAG_FLIPPED_BY_A_TOOL = """\
from mcp.server.mcpserver import MCPServer


def build_server() -> MCPServer:
    mcp = MCPServer("notes")
    enabled = False

    @mcp.tool()
    async def enable_search() -> str:
        nonlocal enabled
        if not enabled:
            enabled = True
        return "search is live"

    return mcp
"""

INITIALISED_ONCE = """\
from app.db import create_tables

_initialised = False


def get_db() -> None:
    global _initialised
    if not _initialised:
        create_tables()
        _initialised = True
"""


def test_a_flag_a_tool_flips_in_its_server_closure_is_state() -> None:
    findings = check_snippet(FLAG_FLIPPED_BY_A_TOOL)
    assert [(f.rule, f.line) for f in findings] == [("SA102", 12)]


def test_a_global_initialised_once_flag_is_a_guard() -> None:
    assert check_snippet(INITIALISED_ONCE) == []


SETTINGS_CHANGED_AT_STARTUP = """\
# file: app/config.py
from pydantic_settings import BaseSettings


class ServerConfig(BaseSettings):
    transport: str = "http"

    def apply_cli_overrides(self, transport: str) -> None:
        self.transport = transport
# file: app/server.py
import uvicorn
from mcp.server.mcpserver import MCPServer

from app.config import ServerConfig


def main(transport: str) -> None:
    config = ServerConfig()
    config.apply_cli_overrides(transport)
    mcp = MCPServer("notes", settings=config)
    uvicorn.run(mcp.streamable_http_app())
"""

TOOLS_WRITING_THROUGH_A_DB_SESSION = """\
# file: app/tools.py
from sqlmodel import Session

from app.models import Task


class TodoTools:
    def __init__(self, db_session: Session) -> None:
        self.db_session = db_session

    def add_task(self, title: str) -> None:
        self.db_session.add(Task(title=title))
# file: app/server.py
import uvicorn
from mcp.server.mcpserver import MCPServer

from app.tools import TodoTools


def main() -> None:
    server = MCPServer("todo")
    server.tools = TodoTools(make_session())
    uvicorn.run(server.streamable_http_app())
"""

TWO_CACHES_FILLED_UNDER_ONE_GUARD = """\
import json
from pathlib import Path

_articles = None
_by_id = None


def articles() -> list[dict]:
    global _articles, _by_id
    if _articles is None:
        _articles = json.loads(Path("articles.json").read_text())
        _by_id = {article["id"]: article for article in _articles}
    return _articles
"""

STORE_LOOKED_AT_IN_THE_LIFESPAN = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI


class RunManager:
    def __init__(self) -> None:
        self.runs: dict[str, object] = {}

    def start(self, run_id: str, task: object) -> None:
        self.runs[run_id] = task


@asynccontextmanager
async def lifespan(app: FastAPI):
    manager = RunManager()
    app.state.runs = manager
    yield
    if hasattr(manager, "close"):
        manager.close()
"""

ADK_SESSIONS = """\
from google.adk.sessions import InMemorySessionService

sessions = InMemorySessionService()
"""


@pytest.mark.parametrize(
    "source",
    [
        SETTINGS_CHANGED_AT_STARTUP,
        TOOLS_WRITING_THROUGH_A_DB_SESSION,
        TWO_CACHES_FILLED_UNDER_ONE_GUARD,
    ],
    ids=["settings", "db-session", "two-caches"],
)
def test_configuration_connections_and_lazy_caches_are_quiet(source: str) -> None:
    assert check_snippet(source) == []


def test_a_store_put_on_app_state_is_reported_as_kept_there() -> None:
    (finding,) = check_snippet(STORE_LOOKED_AT_IN_THE_LIFESPAN)
    assert finding.rule == "SA110"
    assert "handed to `app.state.runs`" in finding.message


def test_google_adk_in_memory_sessions_are_known() -> None:
    assert [f.rule for f in check_snippet(ADK_SESSIONS)] == ["SA107"]
