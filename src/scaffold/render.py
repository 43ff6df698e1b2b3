"""Jinja2 rendering of the built-in templates, with a project's overrides first.

A project may override any template file by putting its own copy under
`.scaffold/templates/<skill>/...`; the override wins, file by file. Errors in either kind of
template fail before anything is written, naming the template file and line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2

from scaffold import __version__
from scaffold.errors import TemplateError
from scaffold.resources import templates_dir

OVERRIDES_DIR = ".scaffold/templates"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates cached per user: compiling them is most of a render's time."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "scaffold" / f"jinja-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: render without the cache
    return jinja2.FileSystemBytecodeCache(str(folder))


class Renderer:
    """Renders `<skill>/<file>.jinja` templates for one project."""

    def __init__(self, project_root: Path | None = None) -> None:
        search = [str(templates_dir())]
        if project_root is not None and (project_root / OVERRIDES_DIR).is_dir():
            search.insert(0, str(project_root / OVERRIDES_DIR))
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(search),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
            bytecode_cache=_bytecode_cache(),
        )
        self._env.filters["pyrepr"] = repr

    def render(self, template: str, context: dict[str, Any]) -> str:
        try:
            return self._env.get_template(template).render(context)
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename or exc.name}:{exc.lineno}"
            raise TemplateError(
                f"template {where}: {exc.message}", "fix the template syntax at that line"
            ) from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(
                f"template {self._where(template, exc)}: {exc.message}",
                "use only the variables the built-in template uses "
                "(`scaffold templates diff` shows them)",
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"template {exc.name} not found", "reinstall scaffold") from None

    def _where(self, template: str, exc: BaseException) -> str:
        # The template's own frame in the traceback carries the line number.
        source = self._env.get_template(template).filename or template
        line = None
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == source:
                line = tb.tb_lineno
            tb = tb.tb_next
        return f"{source}:{line}" if line else source
