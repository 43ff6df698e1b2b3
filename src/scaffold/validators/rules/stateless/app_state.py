"""SA106: `app.state` written while handling a request."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.validators.ast_index import ModuleIndex, Mutation
from scaffold.validators.rule import Rule, RuleOptions, Violation
from scaffold.validators.rules.stateless import patterns

APP_CLASSES = frozenset({"FastAPI", "Starlette"})


class AppStateRule(Rule):
    """Writes to the application's `state` outside startup code."""

    code = "SA106"
    name = "app-state-write"
    summary = "`app.state` written inside a request handler"
    rationale = (
        "`app.state` belongs to the application object of one process. Setting it in the "
        "lifespan (an engine, a client, a loaded model) is how shared resources are meant to be "
        "created; writing it while handling a request turns it into a per-process variable that "
        "other instances never see and a restart wipes. `request.state` is per request and is "
        "fine."
    )
    fix = (
        "Set `app.state` only in the lifespan; store per-user or per-conversation data in the "
        "database, and per-request data on `request.state`."
    )
    invalid = (
        """\
from dataclasses import dataclass, field

from mcp.server.mcpserver import Context, MCPServer


@dataclass
class Board:
    notes: dict[str, str] = field(default_factory=dict)


mcp = MCPServer("notes")


@mcp.tool()
async def add_note(note_id: str, text: str, ctx: Context) -> str:
    board = ctx.request_context.lifespan_context
    board.notes[note_id] = text
    return note_id
""",
        """\
from fastapi import APIRouter, Request

router = APIRouter()


@router.post("/chat")
async def chat(request: Request, message: str) -> dict[str, int]:
    request.app.state.turns = getattr(request.app.state, "turns", 0) + 1
    return {"turns": request.app.state.turns}
""",
        """\
from fastapi import FastAPI

app = FastAPI()
app.state.history = []


@app.post("/messages")
async def post_message(text: str) -> None:
    app.state.history.append(text)
""",
        """\
from fastapi import Request


async def remember_user(request: Request, user_id: str) -> None:
    request.app.state.sessions[user_id] = {"active": True}
""",
        """\
from starlette.websockets import WebSocket


async def on_connect(websocket: WebSocket) -> None:
    setattr(websocket.app.state, "last_connection", websocket.client)
""",
    )
    valid = (
        """\
from fastapi import APIRouter, Request

from app.db import SessionDep
from app.models import Turn

router = APIRouter()


@router.post("/chat")
async def chat(request: Request, message: str, session: SessionDep) -> dict[str, int]:
    session.add(Turn(text=message))
    session.commit()
    return {"ok": 1}
""",
        """\
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient()
    yield
    await app.state.http.aclose()


app = FastAPI(lifespan=lifespan)
""",
        """\
from fastapi import FastAPI

app = FastAPI()
app.state.limits = {"free": 10}
""",
        """\
import time

from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def timing(request: Request, call_next):
    request.state.started = time.monotonic()
    return await call_next(request)
""",
        """\
from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI()
    app.state.ready = True
    return app
""",
        """\
from fastapi import Request


async def current_model(request: Request) -> str:
    return request.app.state.model_name
""",
        """\
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def load_model() -> None:
    app.state.model = object()
""",
    )

    def check(self, module: ModuleIndex, options: RuleOptions) -> Iterator[Violation]:
        for mutation in module.mutations:
            function = mutation.scope.enclosing_function()
            if function is None:
                continue
            described = self._app_state(mutation, module)
            if described is None:
                continue
            if patterns.is_setup_function(function, module):
                continue
            yield Violation(
                mutation.node,
                f"`{described}` is written inside `{function.name}()`: app.state is one "
                "process's memory; set it only in the lifespan and keep request data in the "
                "database",
            )

    def _app_state(self, mutation: Mutation, module: ModuleIndex) -> str | None:
        if mutation.kind == "augassign":
            return None
        lifespan = _lifespan_context(mutation)
        if lifespan is not None:
            return lifespan
        chain = patterns.attribute_chain(mutation.target)
        if mutation.kind in ("setattr", "delattr"):
            chain = [*chain, mutation.attr]
        if "state" not in chain[:-1] and not (
            mutation.kind not in ("setattr", "delattr") and chain and chain[-1] == "state"
        ):
            return None
        position = chain.index("state")
        prefix = chain[:position]
        root = patterns.root_name(mutation.target)
        if root is None:
            return None
        text = ".".join([root.id, *chain[: position + 1]])
        if prefix and prefix[-1] == "app":
            return text  # request.app.state, websocket.app.state, self.app.state
        if prefix:
            return None
        binding, _ = module.resolve(root.id, mutation.scope)
        if binding != "module":
            return None
        values = module.module_values.get(root.id, [])
        for value in values:
            if (
                isinstance(value, ast.Call)
                and patterns.last_name(module.qualname(value.func)) in APP_CLASSES
            ):
                return text
        return None


def _lifespan_context(mutation: Mutation) -> str | None:
    """`ctx.request_context.lifespan_context.notes[k] = v`, also through a local alias.

    The object an MCP server's lifespan yields lives as long as the process and every tool
    call shares it, exactly like `app.state`.
    """
    target = mutation.target
    chain = patterns.attribute_chain(target)
    if mutation.kind in ("setattr", "delattr"):
        chain = [*chain, mutation.attr]
    root = patterns.root_name(target)
    if root is None:
        return None
    if "lifespan_context" in chain:
        after = chain[chain.index("lifespan_context") + 1 :]
        text = ".".join([root.id, *chain[: chain.index("lifespan_context") + 1], *after[:1]])
    elif root.id in _lifespan_aliases(mutation):
        after = chain
        text = ".".join([root.id, *chain[:1]])
    else:
        return None
    # What a lifespan context usually holds besides data: connections, not state.
    if any(patterns.is_connection_name(p) or patterns.is_resource_name(p) for p in after):
        return None
    return text


def _lifespan_aliases(mutation: Mutation) -> set[str]:
    """Local names bound to the lifespan context in the mutation's function."""
    function = mutation.scope.enclosing_function()
    if function is None:
        return set()
    return {
        name
        for name, values in function.scope.values.items()
        if any(isinstance(v, ast.Attribute) and v.attr == "lifespan_context" for v in values)
    }
