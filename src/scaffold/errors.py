"""One error hierarchy, caught in one place at the CLI boundary.

Every error a user can cause is a `UserError`: a one-line message naming the problem, a hint
naming the fix, and a stable machine-readable code. The CLI prints it in one line (or as JSON)
and exits with status 2. Anything else escaping a command is a bug in scaffold.
"""

from __future__ import annotations


class ScaffoldError(Exception):
    """Base class of every error scaffold raises on purpose."""


class UserError(ScaffoldError):
    """A problem with the user's input or project that the user can fix."""

    code = "user_error"
    exit_code = 2

    def __init__(self, message: str, hint: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "hint": self.hint}


class SpecError(UserError):
    """A resource or field specification that cannot be parsed or is not allowed."""

    code = "bad_spec"


class ProjectError(UserError):
    """The target is not a scaffold project, or the project is broken."""

    code = "no_project"


class TemplateError(UserError):
    """A template (built-in or a project override) failed to load or render."""

    code = "template_error"


class ToolError(UserError):
    """An external tool (ruff, mypy, bandit, alembic) is missing or failed to run."""

    code = "tool_error"
