"""Reading a project's Alembic revision graph without importing Alembic or the app."""

from __future__ import annotations

import ast
from pathlib import Path

from scaffold.errors import ProjectError

VERSIONS_DIR = "alembic/versions"


def _literal(node: ast.expr | None) -> object:
    try:
        return ast.literal_eval(node) if node is not None else None
    except ValueError:
        return None


def _parents(down_revision: object) -> tuple[str, ...]:
    if isinstance(down_revision, str):
        return (down_revision,)
    if isinstance(down_revision, tuple | list):  # a merge revision
        return tuple(d for d in down_revision if isinstance(d, str))
    return ()


def _module_constants(tree: ast.Module) -> dict[str, object]:
    """Top-level `name = literal` (or `name: type = literal`) assignments of a module."""
    values: dict[str, object] = {}
    for node in tree.body:
        target: ast.expr
        value: ast.expr | None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            values[target.id] = _literal(value)
    return values


def read_revisions(root: Path) -> dict[str, tuple[str, ...]]:
    """Map each revision id under alembic/versions to the ids it revises."""
    versions = root / VERSIONS_DIR
    if not versions.is_dir():
        raise ProjectError(
            f"{VERSIONS_DIR}/ is missing, so no migration can be added",
            "restore the alembic folder, or pass --no-migration",
            code="no_alembic",
        )
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted(versions.glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (SyntaxError, UnicodeDecodeError) as exc:
            raise ProjectError(
                f"migration {path.relative_to(root)} does not parse ({exc})",
                "fix or remove that file, then run the command again",
                code="broken_file",
            ) from None
        values = _module_constants(tree)
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        graph[revision] = _parents(values.get("down_revision"))
    return graph


def revision_of(path: Path) -> str | None:
    """The `revision` a migration file declares, None if it declares none or does not parse."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    revision = _module_constants(tree).get("revision")
    return revision if isinstance(revision, str) else None


def current_head(root: Path) -> str | None:
    """The single head revision, None for an empty history; refuses several heads."""
    graph = read_revisions(root)
    revised = {parent for parents in graph.values() for parent in parents}
    heads = sorted(set(graph) - revised)
    if len(heads) > 1:
        raise ProjectError(
            f"the migrations have {len(heads)} heads ({', '.join(heads)})",
            "merge them first: alembic merge heads -m 'merge'",
            code="multiple_heads",
        )
    return heads[0] if heads else None
