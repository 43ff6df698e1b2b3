"""Register (or unregister) a resource's router in the project's `app/main.py`.

Adds `from app.api.<module> import router as <module>_router` among the other router imports
and `app.include_router(<module>_router, prefix=API_PREFIX)` after the last include, each
wrapped as ruff would wrap it when a long name takes it past the line length. Applying it
twice is applying it once; everything else in the file is left exactly as it was, line
endings and BOM included. Unregistering takes out those two statements, in whatever layout,
and reports any other code of the user's that uses the router or its module (see
scaffold.edits.references).
"""

from __future__ import annotations

import libcst as cst

from scaffold.edits.imports import (
    add_from_import,
    from_import_line,
    is_lone_import,
)
from scaffold.edits.references import Own, Resource, Unregistration, unregister
from scaffold.edits.statements import assigns_name, module_code, parse_module
from scaffold.errors import ProjectError
from scaffold.model.naming import LINE_LENGTH

MAIN_PATH = "app/main.py"

# Plain isinstance checks rather than libcst.matchers: importing the matchers module costs
# more than the rest of `scaffold crud` together.


def _include_router_arg(statement: cst.CSTNode) -> str | None:
    """For a top-level `app.include_router(X, ...)` line, the name X ("" if not a name)."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    expr = statement.body[0]
    if not isinstance(expr, cst.Expr) or not isinstance(expr.value, cst.Call):
        return None
    func = expr.value.func
    if not (
        isinstance(func, cst.Attribute)
        and isinstance(func.value, cst.Name)
        and func.value.value == "app"
        and func.attr.value == "include_router"
    ):
        return None
    args = expr.value.args
    return args[0].value.value if args and isinstance(args[0].value, cst.Name) else ""


def register_router(source: str, module_name: str) -> str:
    """Return `source` (app/main.py) with the router of `app.api.<module_name>` registered."""
    tree = parse_module(source, MAIN_PATH)
    router_name = f"{module_name}_router"
    dotted = f"app.api.{module_name}"
    line = from_import_line(dotted, f"router as {router_name}", LINE_LENGTH)
    tree = add_from_import(tree, line, dotted, "app.api")
    if any(_include_router_arg(s) == router_name for s in tree.body):
        return module_code(tree)
    body = list(tree.body)
    includes = [i for i, s in enumerate(body) if _include_router_arg(s) is not None]
    assignments = [i for i, s in enumerate(body) if assigns_name(s, "app")]
    if not includes and not assignments:
        raise ProjectError(
            f"{MAIN_PATH} has no top-level `app = FastAPI(...)` to register the router on",
            f'add `app.include_router({router_name}, prefix="/api")` to {MAIN_PATH} yourself',
            code="broken_file",
        )
    position = (includes or assignments)[-1] + 1
    prefix = "API_PREFIX" if "API_PREFIX" in tree.code else '"/api"'
    call = cst.parse_statement(_include_call(router_name, prefix))
    if not includes:
        call = call.with_changes(leading_lines=[cst.EmptyLine()])
    body.insert(position, call)
    return module_code(tree.with_changes(body=body))


def _include_call(router_name: str, prefix: str) -> str:
    """`app.include_router(...)` as ruff formats it: flat, else its arguments on one indented
    line, else one argument a line (with the trailing comma ruff adds)."""
    flat = f"app.include_router({router_name}, prefix={prefix})"
    if len(flat) <= LINE_LENGTH:
        return flat + "\n"
    arguments = f"    {router_name}, prefix={prefix}"
    if len(arguments) <= LINE_LENGTH:
        return f"app.include_router(\n{arguments}\n)\n"
    return f"app.include_router(\n    {router_name},\n    prefix={prefix},\n)\n"


def unregister_router(source: str, module_name: str) -> Unregistration:
    """Undo `register_router`: take out the import and the include call it writes (the first
    of each, in that shape, however its lines are wrapped) and nothing else; the user's code
    that uses the router or `app.api.<module_name>` is reported, and taken out of the forced
    text."""
    tree = parse_module(source, MAIN_PATH)
    router_name = f"{module_name}_router"
    dotted = f"app.api.{module_name}"
    own = []
    statement = next(
        (s for s in tree.body if is_lone_import(s, dotted, "router", router_name)), None
    )
    if statement is not None:
        own.append(Own(statement, carry=True))
    statement = next((s for s in tree.body if _is_own_include(s, router_name)), None)
    if statement is not None:
        # Its blank line (written when it was the first include) goes; a comment stays.
        own.append(Own(statement, carry=any(line.comment for line in statement.leading_lines)))
    resource = Resource(dotted, frozenset({router_name}), package="app")
    edited, references, _ = unregister(tree, own, resource)
    return Unregistration(module_code(edited), references)


def _is_own_include(statement: cst.CSTNode, router_name: str) -> bool:
    """`app.include_router(<router_name>, prefix=API_PREFIX)` (or `prefix="/api"`)."""
    if _include_router_arg(statement) != router_name:
        return False
    assert isinstance(statement, cst.SimpleStatementLine)
    expr = statement.body[0]
    assert isinstance(expr, cst.Expr) and isinstance(expr.value, cst.Call)
    args = expr.value.args
    if len(args) != 2 or args[0].keyword is not None or args[0].star:
        return False
    prefix = args[1]
    if prefix.keyword is None or prefix.keyword.value != "prefix":
        return False
    value = prefix.value
    return (isinstance(value, cst.Name) and value.value == "API_PREFIX") or (
        isinstance(value, cst.SimpleString) and value.evaluated_value == "/api"
    )
