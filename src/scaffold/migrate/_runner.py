"""The half of `migrate make|check|test` that runs next to the user's code.

scaffold never imports a project's app in its own process: this module is started as
`python -m scaffold.migrate._runner` in a subprocess (cwd = the project root), reads one JSON
request on stdin, works on a scratch database (see `scratch.py`) through the project's own
`alembic.ini` and `alembic/env.py`, and prints one JSON document on stdout:
`{"data": ...}` or `{"error": {"code", "message", "hint"}}`. Whatever the project's code prints
goes to stderr.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.engine.dependencies import is_project_module, missing_dependency
from scaffold.errors import UserError
from scaffold.migrate.review import Review, describe, prepare_conversions, review_script
from scaffold.migrate.scratch import scratch_engine

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection


class ModelImportError(UserError):
    code = "model_import_failed"


class MigrationFailed(UserError):
    code = "migration_failed"


def _project_error_line(exc: BaseException, root: Path) -> str:
    """The exception's last line, with the deepest frame in the project's own files."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    last = f"{type(exc).__name__}: {lines[0].strip()}" if lines else type(exc).__name__
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        try:
            rel = path.resolve().relative_to(root)
        except ValueError:
            continue
        if not path.is_file():  # "<string>" and other code with no file
            continue
        where = f"{rel.as_posix()}:{frame.lineno}: "
    if isinstance(exc, SyntaxError) and exc.filename:
        try:
            rel = Path(exc.filename).resolve().relative_to(root)
            where = f"{rel.as_posix()}:{exc.lineno}: "
        except ValueError:
            pass
    return f"{where}{last}"


def _missing_dependency(exc: BaseException, root: Path) -> UserError | None:
    """A failed import of a module nothing installed provides: name what to install."""
    if isinstance(exc, ModuleNotFoundError) and exc.name and not is_project_module(root, exc.name):
        return missing_dependency(root, exc.name)
    return None


def _import_models(root: Path) -> Any:
    """Import `app.models` (what env.py does); return SQLModel's metadata."""
    try:
        importlib.import_module("app.models")  # what env.py imports
        from sqlmodel import SQLModel
    except Exception as exc:  # any error in the user's code is reported, not raised
        missing = _missing_dependency(exc, root)
        if missing is not None:
            raise missing from None
        raise ModelImportError(
            f"the project's models fail to import: {_project_error_line(exc, root)}",
            "fix that error (run `python -c 'import app.models'` to see it in full), then run "
            "the command again",
        ) from None
    return SQLModel.metadata


def _config(root: Path, connection: Connection, extra_version_dir: Path | None) -> Config:
    from alembic.config import Config

    config = Config(str(root / "alembic.ini"))
    config.attributes["connection"] = connection
    config.attributes["configure_logger"] = False
    if extra_version_dir is not None:
        versions = root / "alembic" / "versions"
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", f"{versions}{os.pathsep}{extra_version_dir}")
    return config


def _commit(connection: Connection) -> None:
    if connection.in_transaction():
        connection.commit()


def _step(root: Path, what: str, action: Callable[[], None]) -> None:
    try:
        action()
    except UserError:
        raise
    except Exception as exc:
        missing = _missing_dependency(exc, root)
        if missing is not None:
            raise missing from None
        raise MigrationFailed(
            f"{what} failed: {_project_error_line(exc, root)}",
            "fix that migration (or the models it imports), then run the command again",
        ) from None


@contextmanager
def _scratch(root: Path, server_url: str | None) -> Iterator[Connection]:
    with scratch_engine(server_url) as (engine, url):
        # Whatever the project's code opens from its settings points at the scratch database.
        os.environ["DATABASE_URL"] = url
        _import_models(root)
        try:
            connection = engine.connect()
        except Exception as exc:
            raise MigrationFailed(
                f"cannot open the scratch database: {_project_error_line(exc, root)}",
                "check the --db server",
            ) from None
        try:
            yield connection
        finally:
            if connection.in_transaction():
                connection.rollback()
            connection.close()


def _autogenerate(
    root: Path,
    connection: Connection,
    config: Config,
    message: str,
    on_script: Callable[[Any, Any], bool],
    version_dir: Path | None,
    head: str = "head",
) -> None:
    """Upgrade the scratch database to the heads, then autogenerate through env.py; `on_script`
    sees the MigrationScript and returns whether it should be written (to `version_dir`)."""
    from alembic import command

    _step(root, "upgrading a scratch database to head", lambda: command.upgrade(config, "heads"))
    _commit(connection)

    def hook(context: Any, _revision: Any, directives: list[Any]) -> None:
        if not on_script(context, directives[0]):
            directives[:] = []

    def revise() -> None:
        command.revision(
            config,
            message=message,
            autogenerate=True,
            head=head,
            version_path=str(version_dir) if version_dir else None,
            process_revision_directives=hook,
        )

    _step(root, "autogenerate", revise)
    _commit(connection)


def make(root: Path, request: dict[str, Any]) -> dict[str, Any]:
    from scaffold.migrate.review import install_using_renderer
    from scaffold.migrate.safe_ops import install_renderers, make_safe, still_flagged

    install_using_renderer()
    install_renderers()
    found: dict[str, Any] = {}
    with (
        _scratch(root, request.get("db")) as connection,
        tempfile.TemporaryDirectory(prefix="scaffold-make-") as folder,
    ):
        version_dir = Path(folder)
        config = _config(root, connection, version_dir)

        def on_script(context: Any, script: Any) -> bool:
            metadata = context.opts["target_metadata"]
            review: Review = review_script(script, metadata, root, connection.dialect.name)
            found["review"] = review
            if review.empty:
                return False
            prepare_conversions(script)
            make_safe(script)  # what `migrate lint` would flag, written the safe way
            review.warnings.extend(still_flagged(script))
            return True

        _autogenerate(root, connection, config, request["message"], on_script, version_dir)
        review = found["review"]
        written = sorted(version_dir.glob("*.py"))
        script = None
        if written:
            script = {
                "path": f"alembic/versions/{written[0].name}",
                "text": written[0].read_text(encoding="utf-8"),
            }
        return {
            "dialect": connection.dialect.name,
            "scratch_database": connection.engine.url.database,
            **review.as_dict(),
            "script": script,
        }


def check(root: Path, request: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    with _scratch(root, request.get("db")) as connection:
        config = _config(root, connection, None)

        def on_script(_context: Any, script: Any) -> bool:
            found["operations"] = describe(script.upgrade_ops)
            return False

        head = request.get("head") or "head"  # with several heads, the new script's parent
        _autogenerate(root, connection, config, "scaffold migrate check", on_script, None, head)
        return {"dialect": connection.dialect.name, "differences": found.get("operations", [])}


def integrity(root: Path, request: dict[str, Any]) -> dict[str, Any]:
    from scaffold.migrate.integrity import round_trip_all

    with _scratch(root, request.get("db")) as connection:
        config = _config(root, connection, None)
        metadata = _import_models(root)
        revisions = round_trip_all(root, connection, config, metadata, _step)
        return {"dialect": connection.dialect.name, "revisions": revisions}


COMMANDS: dict[str, Callable[[Path, dict[str, Any]], dict[str, Any]]] = {
    "make": make,
    "check": check,
    "test": integrity,
}


def main() -> int:
    out = sys.stdout
    sys.stdout = sys.stderr  # the project's prints must not corrupt the JSON answer
    root = Path.cwd().resolve()
    sys.path.insert(0, str(root))
    request = json.loads(sys.stdin.read())
    try:
        document: dict[str, Any] = {"data": COMMANDS[request["command"]](root, request)}
    except UserError as error:
        document = {"error": error.as_dict()}
    out.write(json.dumps(document, default=str) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
