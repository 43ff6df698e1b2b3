"""destroy: take out what a generator (crud, slice) wrote for one resource, as the manifest
records it, and undo its registrations in the user's files.

A generated file the user edited since is a conflict (kept unless --force). A migration that
the project's database has applied is kept (the table is dropped by a new migration instead);
an unapplied one is deleted and the migrations that revised it are re-parented onto its parent,
so the revision chain stays whole.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import libcst as cst

from scaffold.edits.statements import parse_module
from scaffold.engine.manifest import MANIFEST_PATH, Manifest
from scaffold.engine.migrations import VERSIONS_DIR, read_revisions, revision_of
from scaffold.engine.plan import FileChange, Plan, classify, content_hash
from scaffold.engine.project import Project
from scaffold.errors import ProjectError, SpecError
from scaffold.model.catalog import ResourceCatalog
from scaffold.model.naming import ResourceNames

_REVISES = re.compile(r"^Revises:.*$", re.MULTILINE)


@dataclass(frozen=True)
class DestroyResult:
    """The plan, and what the user should run afterwards."""

    plan: Plan
    next_steps: list[str]


def plan_destroy(project: Project, name: str, *, keep_migration: bool = False) -> DestroyResult:
    """Everything `scaffold destroy NAME` would remove or change in `project`.

    Reads the project (and, for a migration, the project's database); writes nothing.

    Raises:
        SpecError: NAME is not a resource of the project, or others still reference it.
        ProjectError: a file cannot be read or edited (e.g. app/main.py does not parse).
        DatabaseUnreadable: whether the migration is applied cannot be told.
    """
    root, manifest, resources = project.root, project.manifest, project.resources
    resource = resources.require(
        name,
        lenient=True,
        hint="pass one of the known names; .scaffold/manifest.json lists what scaffold generated",
    )
    class_name, names = resource.class_name, resource.names
    check_unreferenced(resources, class_name)
    others = {path for other in resources if other.class_name != class_name for path in other.files}
    migration = dict(resource.migration or {})
    migration_path = migration.get("path")
    # Migrations of `scaffold field ...` on this resource go (or stay) with its create migration.
    field_migrations = {str(c["migration"]) for c in resource.field_changes if c.get("migration")}

    changes: list[FileChange] = []
    next_steps = ["pytest"]
    kept_migration = False
    for path in sorted(resource.files | field_migrations):
        target = _inside(root, path)
        if path in others or not target.is_file():
            continue  # shared with a resource that stays, or already gone
        if path == migration_path:
            kept, reason = _keep_migration(root, migration, keep_migration=keep_migration)
            if kept:
                kept_migration = True
                changes.append(FileChange(path, _read(target), None, "keep", reason=reason))
                continue
        changes.append(_deletion(target, path, manifest.file_hash(path)))
    if kept_migration:  # the field migrations come after it: they stay with it
        changes = [
            FileChange(c.path, c.old, None, "keep", reason="follows the kept create migration")
            if c.path in field_migrations
            else c
            for c in changes
        ]

    deleted = {c.path for c in changes if c.status != "keep"}
    plan = Plan(root)
    revisions = {
        str(rev): path
        for path in deleted & ({migration_path} | field_migrations)
        if (rev := revision_of(root / path)) is not None
    }
    if revisions:
        changes += _reparent(root, revisions, manifest, resources, plan)
    changes += _unregistrations(root, names)
    related = _related_models(root, resources, class_name, manifest)
    changes += related
    if kept_migration:
        message = f"drop {names.table} table"
        # Autogenerate needs the database at head; the model is gone, so it writes the drop.
        # Alembic's output is not ruff-clean, and the project lints its migrations.
        next_steps = [
            "alembic upgrade head",
            f'alembic revision --autogenerate -m "{message}"',
            f"ruff format --quiet {VERSIONS_DIR}",
            f"ruff check --fix --quiet {VERSIONS_DIR}",
            "alembic upgrade head",
        ]

    plan.changes = changes
    for change in related:
        plan.manifest.file_meta[change.path] = manifest.file_meta(change.path)
    plan.manifest.forget_files = sorted((resource.files | field_migrations) - others)
    plan.manifest.forget_resources = [class_name]
    plan.remove_dirs = _emptied_dirs(root, deleted)
    return DestroyResult(plan, next_steps)


def _related_models(
    root: Path, resources: ResourceCatalog, class_name: str, manifest: Manifest
) -> list[FileChange]:
    """The models on the other side of a relationship, re-rendered without `class_name`."""
    from scaffold.engine.formatting import format_python
    from scaffold.engine.render import Renderer
    from scaffold.generators.crud import render_model_file

    after = resources.without(class_name)
    related = sorted(resources.related(class_name) & set(after.resources))
    if not related:
        return []
    renderer = Renderer(root)
    rendered = dict(render_model_file(after.require(other), after, renderer) for other in related)
    return [
        classify(root, path, code, kind="generated", recorded_hash=manifest.file_hash(path))
        for path, code in format_python(rendered, root).items()
    ]


def check_unreferenced(resources: ResourceCatalog, class_name: str) -> None:
    """Refuse to destroy a resource that another resource's ref field or link points at."""
    users = [str(referrer) for referrer in resources.referrers(class_name)]
    if users:
        first = users[0].split(" ", 1)[0]
        raise SpecError(
            f"{class_name} is still referenced by {', '.join(users)}",
            f"destroy those first (scaffold destroy {first}), then {class_name}",
            code="resource_referenced",
        )


def _inside(root: Path, path: str) -> Path:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or path == MANIFEST_PATH:
        raise ProjectError(
            f"{MANIFEST_PATH} lists {path!r}, which is outside the project's generated files",
            f"restore {MANIFEST_PATH} from version control",
            code="bad_manifest",
        )
    return root / path


def _read(target: Path) -> str:
    try:
        return target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(
            f"cannot read {target} ({exc})", "check the file's permissions and encoding"
        ) from None


def _deletion(target: Path, path: str, recorded_hash: str | None) -> FileChange:
    old = _read(target)
    if recorded_hash is not None and content_hash(old) == recorded_hash:
        return FileChange(path, old, None, "delete")
    reason = (
        "edited since it was generated: kept"
        if recorded_hash is not None
        else "not recorded as generated by scaffold: kept"
    )
    return FileChange(path, old, None, "conflict", reason=reason)


def _keep_migration(
    root: Path, migration: dict[str, Any], *, keep_migration: bool
) -> tuple[bool, str]:
    """Whether the resource's migration stays, and why."""
    if keep_migration:
        return True, "--keep-migration: make a migration that drops the table"
    from scaffold.engine.project_db import applied_revisions

    revision = str(migration.get("revision", ""))
    if revision in applied_revisions(root, read_revisions(root)):
        return True, "applied to the project's database: make a migration that drops the table"
    return False, ""


def _down_revision(statement: cst.BaseStatement) -> cst.Assign | cst.AnnAssign | None:
    """A top-level `down_revision = ...` (annotated or not) line's assignment, else None."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return small if small.target.value == "down_revision" and small.value else None
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        if isinstance(target, cst.Name) and target.value == "down_revision":
            return small
    return None


def _literal(parents: list[str]) -> str:
    if not parents:
        return "None"
    if len(parents) == 1:
        return f'"{parents[0]}"'
    return "(" + ", ".join(f'"{p}"' for p in parents) + ")"


def _reparent(
    root: Path,
    deleted: dict[str, str],
    manifest: Manifest,
    resources: ResourceCatalog,
    plan: Plan,
) -> list[FileChange]:
    """Point the migrations that revise deleted ones (revision -> path) at the nearest
    ancestors that stay, through chains of deleted revisions."""
    graph = read_revisions(root)

    def surviving(revision: str) -> list[str]:
        if revision not in deleted:
            return [revision]
        out: list[str] = []
        for parent in graph.get(revision, ()):
            out += [r for r in surviving(parent) if r not in out]
        return out

    changes = []
    for target in sorted((root / VERSIONS_DIR).glob("*.py")):
        path = target.relative_to(root).as_posix()
        source = _read(target)
        if path in deleted.values() or not any(rev in source for rev in deleted):
            continue
        tree = parse_module(source, path)
        body = list(tree.body)
        for index, statement in enumerate(body):
            assignment = _down_revision(statement)
            if assignment is None or assignment.value is None:
                continue
            try:
                current = ast.literal_eval(tree.code_for_node(assignment.value))
            except (ValueError, SyntaxError):
                break  # a computed down_revision: not one of ours to rewrite
            parents = [current] if isinstance(current, str) else list(current or ())
            if not set(parents) & set(deleted):
                break
            new_parents: list[str] = []
            for parent in parents:
                new_parents += [r for r in surviving(parent) if r not in new_parents]
            new_value = cst.parse_expression(_literal(new_parents))
            assert isinstance(statement, cst.SimpleStatementLine)
            body[index] = statement.with_changes(body=[assignment.with_changes(value=new_value)])
            edited = _revises_line(tree.with_changes(body=body), new_parents).code
            changes.append(_reparented(root, path, edited, new_parents, manifest, resources, plan))
            break
    return changes


def _revises_line(tree: cst.Module, parents: list[str]) -> cst.Module:
    """The module docstring's `Revises:` line, as the migration template writes it."""
    first = tree.body[0] if tree.body else None
    if not (
        isinstance(first, cst.SimpleStatementLine)
        and isinstance(first.body[0], cst.Expr)
        and isinstance(first.body[0].value, cst.SimpleString)
    ):
        return tree
    expr = first.body[0]
    assert isinstance(expr.value, cst.SimpleString)
    line = "Revises:" + (" " + ", ".join(parents) if parents else "")
    docstring = _REVISES.sub(line, expr.value.value, count=1)
    new_expr = expr.with_changes(value=expr.value.with_changes(value=docstring))
    return tree.with_changes(body=[first.with_changes(body=[new_expr]), *tree.body[1:]])


def _reparented(
    root: Path,
    path: str,
    edited: str,
    parents: list[str],
    manifest: Manifest,
    resources: ResourceCatalog,
    plan: Plan,
) -> FileChange:
    """A re-parented migration: still generated (new hash) if the user had not edited it."""
    entry = manifest.files.get(path)
    if entry is None or content_hash(_read(root / path)) != entry.get("sha256"):
        return classify(root, path, edited, kind="edited", recorded_hash=None)
    plan.manifest.file_meta[path] = manifest.file_meta(path)
    owner = resources.get(entry.get("resource", ""))
    if owner and owner.migration and owner.migration.get("path") == path:
        # So that re-running the owner's generator renders this file identically.
        down: str | list[str] | None = parents if len(parents) > 1 else next(iter(parents), None)
        plan.manifest.resources[owner.class_name] = {
            **owner.record,
            "migration": {**owner.migration, "down_revision": down},
        }
    return classify(root, path, edited, kind="generated", recorded_hash=entry.get("sha256"))


def _unregistrations(root: Path, names: ResourceNames) -> list[FileChange]:
    """Undo the registrations in files the user owns (app/main.py, app/models/__init__.py).

    Only scaffold's own statements come out. A file where the user's code uses the resource
    too is a conflict naming those lines; what --force writes takes that code out as well
    (kept, it would stop the file from importing once the module is gone).
    """
    from scaffold.edits.main_router import MAIN_PATH, unregister_router
    from scaffold.edits.models_registry import MODELS_INIT, unregister_model
    from scaffold.edits.text import read_source

    changes = []
    for path in (MAIN_PATH, MODELS_INIT):
        target = root / path
        if not target.is_file():
            continue  # nothing registered there to undo
        source = read_source(target, path)  # exactly: its line endings and BOM stay
        result = (
            unregister_router(source, names.module)
            if path == MAIN_PATH
            else unregister_model(source, names.module, names.class_name)
        )
        if not result.references:
            changes.append(classify(root, path, result.code, kind="edited", recorded_hash=None))
            continue
        uses = ", ".join(f"{path}:{ref.line} uses {ref.uses}" for ref in result.references)
        changes.append(
            FileChange(
                path,
                source,
                result.code,
                "conflict",
                "edited",
                reason=f"{uses}: your code, kept (--force removes it too)",
                forced_reason=f"{uses}: your code removed with the registration (--force)",
            )
        )
    return changes


def _emptied_dirs(root: Path, deleted: set[str]) -> list[str]:
    """Folders left with nothing but a `__pycache__` once `deleted` is gone, deepest first."""
    emptied: set[Path] = set()
    candidates = sorted(
        {
            parent
            for path in deleted
            for parent in PurePosixPath(path).parents
            if str(parent) != "."
        },
        key=lambda p: len(p.parts),
        reverse=True,
    )
    protected = {PurePosixPath(VERSIONS_DIR), *PurePosixPath(VERSIONS_DIR).parents}
    for relative in candidates:
        if relative in protected:
            continue  # Alembic needs its versions folder even when it is empty
        folder = root / relative
        remaining = [
            entry
            for entry in folder.iterdir()
            if entry.name != "__pycache__"
            and entry.relative_to(root).as_posix() not in deleted
            and entry not in emptied
        ]
        if not remaining:
            emptied.add(folder)
    return sorted(
        (p.relative_to(root).as_posix() for p in emptied),
        key=lambda p: p.count("/"),
        reverse=True,
    )
