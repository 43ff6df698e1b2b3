"""Jinja2 rendering of the built-in templates, with a project's overrides first.

A project may override any template file by putting its own copy under
`.scaffold/templates/<skill>/...`; the override wins, file by file. Errors in either kind of
template fail before anything is written, naming the template file and line.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import stat
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from scaffold import __version__
from scaffold.engine.resources import templates_dir
from scaffold.errors import TemplateError

OVERRIDES_DIR = ".scaffold/templates"


class RenderedText(str):
    """Rendered code that remembers the template file it came from.

    A plain `str` everywhere; `formatting.format_python` reads `template` (the file as messages
    show it, e.g. `.scaffold/templates/crud-builder/router.py.jinja (project override)`) to
    name it when the rendered code does not parse.
    """

    template: str

    def __new__(cls, text: str, template: str) -> RenderedText:
        self = super().__new__(cls, text)
        self.template = template
        return self


class _BestEffortBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A bytecode cache that is only ever a speed-up: a cache file that cannot be read or
    written, or that holds garbage, means compiling the template again, never an error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):  # an unwritable or full folder: compile next time
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates cached per user: compiling them is most of a render's time.

    Jinja executes what it loads from there, so a folder that someone else owns or may write to
    is not used (nor is one that cannot be made): rendering goes on without a cache.
    """
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory to find
        return None
    folder = Path(base) / "scaffold" / f"jinja-{__version__}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None  # a read-only home, or a file where the folder should be
    owned = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()  # no owners on Windows
    if not stat.S_ISDIR(info.st_mode) or not owned or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return _BestEffortBytecodeCache(str(folder))


class Renderer:
    """Renders `<skill>/<file>.jinja` templates for one project."""

    def __init__(self, project_root: Path | None = None) -> None:
        self._root = project_root
        self._overrides = project_root / OVERRIDES_DIR if project_root is not None else None
        search = [str(templates_dir())]
        if self._overrides is not None and self._overrides.is_dir():
            search.insert(0, str(self._overrides))
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

    def render(self, template: str, context: dict[str, Any]) -> RenderedText:
        """Render `template` (e.g. `crud-builder/router.py.jinja`) with `context`.

        Raises:
            TemplateError: the template (or one it includes) does not compile or fails while
                rendering; the message names the file and line, override or built-in.
        """
        try:
            compiled = self._env.get_template(template)
        except jinja2.TemplateSyntaxError as exc:
            raise self._syntax_error(exc) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"template {exc.name} not found", "reinstall scaffold") from None
        filename = compiled.filename or template
        try:
            text = compiled.render(context)
        except jinja2.TemplateSyntaxError as exc:  # an {% include %}d file that does not compile
            raise self._syntax_error(exc) from None
        except jinja2.TemplateNotFound as exc:  # an {% include %} of a missing file
            raise TemplateError(
                f"template {self._where(exc, filename)}: includes {exc.name}, which does not exist",
                "add that file under .scaffold/templates/, or include an existing one "
                "(`scaffold templates list` shows them)",
            ) from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(
                f"template {self._where(exc, filename)}: {exc.message}",
                "use only the variables the built-in template uses "
                "(`scaffold templates diff` shows how your copy differs from it)",
            ) from None
        except Exception as exc:  # anything else raised by template code: a filter, a call, ...
            detail = (
                str(exc)
                if isinstance(exc, jinja2.TemplateError)
                else f"{type(exc).__name__}: {exc}"
            )
            raise TemplateError(
                f"template {self._where(exc, filename)}: {detail}",
                "fix the template at that line",
            ) from None
        return RenderedText(text, self.describe(filename))

    def describe(self, filename: str, line: int | None = None) -> str:
        """A template file (and line) as messages show it, saying whether it is an override.

        An override is shown relative to the project root, a built-in by its full path.
        """
        path, origin = Path(filename), "built-in"
        if self._root and self._overrides and path.is_relative_to(self._overrides):
            filename = path.relative_to(self._root).as_posix()
            origin = "project override"
        at = f":{line}" if line is not None else ""
        return f"{filename}{at} ({origin})"

    def _syntax_error(self, exc: jinja2.TemplateSyntaxError) -> TemplateError:
        where = self.describe(exc.filename or exc.name or "?", exc.lineno)
        return TemplateError(f"template {where}: {exc.message}", "fix the template syntax there")

    def _where(self, exc: BaseException, fallback: str) -> str:
        filename, line = _innermost_template_frame(exc.__traceback__)
        return self.describe(filename or fallback, line)


def _innermost_template_frame(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The template file and line where an exception was raised while rendering.

    Jinja rewrites the traceback so that template code appears as frames compiled from the
    template's file at its source line (marked by `__jinja_exception__` in their globals); the
    innermost such frame is the deepest include or macro.
    """
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
