"""Register (or unregister) a resource's router in the project's `app/main.py`.

Adds `from app.api.<module> import router as <module>_router` among the other router imports
and `app.include_router(<module>_router, prefix=API_PREFIX)` after the last include. Applying
it twice is applying it once; everything else in the file is left exactly as it was.
"""

from __future__ import annotations

import libcst as cst

from scaffold.edits.imports import add_from_import, remove_from_import
from scaffold.edits.statements import assigns_name, parse_module
from scaffold.errors import ProjectError

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
    tree = add_from_import(
        tree, f"from {dotted} import router as {router_name}\n", dotted, "app.api"
    )
    if any(_include_router_arg(s) == router_name for s in tree.body):
        return tree.code
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
    call = cst.parse_statement(f"app.include_router({router_name}, prefix={prefix})\n")
    if not includes:
        call = call.with_changes(leading_lines=[cst.EmptyLine()])
    body.insert(position, call)
    return tree.with_changes(body=body).code


def unregister_router(source: str, module_name: str) -> str:
    """Undo `register_router`: remove the import and the include call, nothing else."""
    tree = parse_module(source, MAIN_PATH)
    router_name = f"{module_name}_router"
    tree = remove_from_import(tree, f"app.api.{module_name}")
    body = [s for s in tree.body if _include_router_arg(s) != router_name]
    return tree.with_changes(body=body).code
