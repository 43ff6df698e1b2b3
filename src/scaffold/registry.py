"""The skills scaffold makes real: one static table, so that a skill's name leads to its
command, its templates, its code, its SKILL.md and its tests without a search.

A test keeps this table, the CLI and `skills/<name>/SKILL.md` in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skill:
    name: str  # as the backend guidelines name it
    commands: tuple[str, ...]  # the CLI commands that do it
    summary: str
    module: str  # the generator or validator module behind it
    templates: str | None = None  # folder under templates/, for generators


SKILLS: tuple[Skill, ...] = (
    Skill(
        name="backend-scaffolder",
        commands=(
            "scaffold new",
            "scaffold spec",
            "scaffold slice",
            "scaffold upgrade",
            "scaffold token",
        ),
        summary="A FastAPI + SQLModel project laid out as the backend guidelines say, and "
        "vertical slices (model, schemas, service, router, tests, migration) from feature specs.",
        module="scaffold.generators.project",
        templates="project",
    ),
    Skill(
        name="crud-builder",
        commands=("scaffold crud", "scaffold destroy"),
        summary="An authenticated, user-scoped CRUD resource: model, schemas, router with five "
        "endpoints, tests and an Alembic migration, registered in app/main.py.",
        module="scaffold.generators.crud",
        templates="crud-builder",
    ),
    Skill(
        name="sqlmodel-schema-builder",
        commands=("scaffold model", "scaffold field"),
        summary="SQLModel tables and schemas without endpoints: relationships on both sides, "
        "many-to-many links, composite indexes and uniques, checks, soft delete.",
        module="scaffold.generators.field",  # `scaffold model` is crud without a router
        templates="crud-builder",
    ),
    Skill(
        name="db-migration-wizard",
        commands=("scaffold migrate",),
        summary="Alembic migrations made against a scratch database and reviewed, checked "
        "against the models, tested for data integrity, and linted for production locks.",
        module="scaffold.migrate",
    ),
    Skill(
        name="stateless-agent-enforcer",
        commands=("scaffold check stateless",),
        summary="A linter that finds process-local state in AI-agent code, for CI, pre-commit "
        "and code review.",
        module="scaffold.validators",
    ),
)


def by_name(name: str) -> Skill:
    for skill in SKILLS:
        if skill.name == name:
            return skill
    raise KeyError(name)
