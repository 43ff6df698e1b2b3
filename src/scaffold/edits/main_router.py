"""Register (or unregister) a resource's router in the project's `app/main.py`.

Adds `from app.api.<module> import router as <module>_router` among the other router imports
and `app.include_router(<module>_router, prefix=API_PREFIX)` after the last include. Applying
it twice is applying it once; everything else in the file is left exactly as it was.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from scaffold.edits.imports import add_from_import, remove_from_import
from scaffold.errors import ProjectError

MAIN_PATH = "app/main.py"


def _include_call(router_name: str) -> m.SimpleStatementLine:
    return m.SimpleStatementLine(
        body=[
            m.Expr(
                m.Call(
                    func=m.Attribute(value=m.Name("app"), attr=m.Name("include_router")),
                    args=[m.Arg(value=m.Name(router_name)), m.ZeroOrMore()],
                )
            )
        ]
    )


_ANY_INCLUDE = m.SimpleStatementLine(
    body=[m.Expr(m.Call(func=m.Attribute(value=m.Name("app"), attr=m.Name("include_router"))))]
)
_APP_ASSIGNMENT = m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(m.Name("app"))])])


def parse(source: str, path: str = MAIN_PATH) -> cst.Module:
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise ProjectError(
            f"{path} does not parse (line {exc.raw_line}: {exc.message})",
            f"fix the syntax error in {path}, then run the command again",
            code="broken_file",
        ) from None


def register_router(source: str, module_name: str) -> str:
    """Return `source` (app/main.py) with the router of `app.api.<module_name>` registered."""
    tree = parse(source)
    router_name = f"{module_name}_router"
    dotted = f"app.api.{module_name}"
    tree = add_from_import(
        tree, f"from {dotted} import router as {router_name}\n", dotted, "app.api"
    )
    if any(m.matches(s, _include_call(router_name)) for s in tree.body):
        return tree.code
    body = list(tree.body)
    includes = [i for i, s in enumerate(body) if m.matches(s, _ANY_INCLUDE)]
    assignments = [i for i, s in enumerate(body) if m.matches(s, _APP_ASSIGNMENT)]
    if not includes and not assignments:
        raise ProjectError(
            f"{MAIN_PATH} has no top-level `app = FastAPI(...)` to register the router on",
            f"add `app.include_router({router_name}, prefix=\"/api\")` to {MAIN_PATH} yourself",
            code="broken_file",
        )
    position = (includes or assignments)[-1] + 1
    prefix = "API_PREFIX" if "API_PREFIX" in tree.code else '"/api"'
    call = cst.parse_statement(f"app.include_router({router_name}, prefix={prefix})\n")
    if not includes:
        call = call.with_changes(leading_lines=[cst.EmptyLine()])
    body.insert(position, call)
    return tree.with_changes(body=body).code


def unregister_router(source: str, module_name: str) -> str:
    """Undo `register_router`: remove the import and the include call, nothing else."""
    tree = parse(source)
    router_name = f"{module_name}_router"
    tree = remove_from_import(tree, f"app.api.{module_name}")
    body = [s for s in tree.body if not m.matches(s, _include_call(router_name))]
    return tree.with_changes(body=body).code
