"""`scaffold token`: a bearer token the project's app accepts, for curl and the docs."""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.cli.options import JsonOption, ProjectOption
from scaffold.cli.output import print_json, user_errors

# Also the defaults of scaffold.tokens.issue_token; repeated here so --help needs no import.
DEFAULT_USER = "user-1"
DEFAULT_EXPIRES = "1h"


def token(
    user: Annotated[
        str, typer.Option("--user", help="The token's subject (sub): the user id the API sees.")
    ] = DEFAULT_USER,
    expires: Annotated[
        str, typer.Option("--expires", help="Lifetime: 30s, 15m, 1h or 7d (at most 30d).")
    ] = DEFAULT_EXPIRES,
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print a JWT signed with the project's JWT_SECRET (from .env or the environment).

    For local use with AUTH_MODE=jwt; in Better Auth mode the tokens come from Better Auth.

    Example:

    \b
      TOKEN=$(scaffold token --user alice --expires 1h)
      curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/me
    """
    from scaffold import api

    with user_errors(as_json=as_json):
        issued = api.token(project, user=user, expires=expires)
    if as_json:
        print_json({"data": issued.as_dict()})
        return
    typer.echo(issued.token)


def register(app: typer.Typer) -> None:
    app.command("token")(token)
