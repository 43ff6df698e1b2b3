"""`scaffold migrate test`: every migration round-trips without losing data it did not touch.

On a scratch database, for each revision from the first to the heads: upgrade to it, insert
generated rows into every table (parents first, so foreign keys hold), take a checksum of each
column, downgrade one step, upgrade again, and compare the checksums of the columns the
revision did not touch. Tables the revision creates, and columns it adds, drops or alters (found
by comparing the reflected schema before and after it), are exempt.

`verify_migrations` runs in scaffold's process and starts the runner; `round_trip_all` and the
helpers below it run in the runner subprocess, next to the project's code.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.errors import UserError

if TYPE_CHECKING:
    import sqlalchemy as sa
    from alembic.config import Config

ROWS_PER_TABLE = 2
VERSION_TABLE = "alembic_version"


@dataclass
class IntegrityResult:
    revisions: list[dict[str, Any]]
    dialect: str

    @property
    def ok(self) -> bool:
        return all(r["status"] == "pass" for r in self.revisions)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "dialect": self.dialect, "revisions": self.revisions}


def verify_migrations(*, project: Path | None = None, db: str | None = None) -> IntegrityResult:
    """Round-trip every revision on a scratch database and compare the data it kept.

    Raises:
        UserError: no project or alembic folder, a bad `--db`, several heads, models that fail
            to import, an unreachable server.
    """
    from scaffold.engine.migrations import current_head
    from scaffold.engine.project import Project
    from scaffold.migrate.invoke import require_alembic, run
    from scaffold.migrate.scratch import check_url

    server = check_url(db)
    with Project.open(project, write=False, command="migrate test") as opened:
        root = opened.root
    require_alembic(root)
    current_head(root)  # "one step down" is ambiguous with several heads: merge them first
    data = run(root, {"command": "test", "db": server})
    return IntegrityResult(revisions=data["revisions"], dialect=data["dialect"])


# --- in the runner subprocess -------------------------------------------------------------

Step = Callable[[Path, str, Callable[[], None]], None]
Schema = dict[str, dict[str, str]]  # table -> column -> signature (type, null, default)


def round_trip_all(
    root: Path, connection: sa.Connection, config: Config, models: sa.MetaData, step: Step
) -> list[dict[str, Any]]:
    """Per revision, in order: the report of its round trip (stops at the first error)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(config)
    order = list(reversed(list(scripts.walk_revisions("base", "heads"))))
    counter = itertools.count(1)
    reports: list[dict[str, Any]] = []

    def commit() -> None:
        if connection.in_transaction():
            connection.commit()

    for script in order:
        revision = script.revision
        down = script.down_revision
        parents = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        # One step down: to the (first) parent. On a branched history Alembic also takes off
        # the sibling branches that are not the parent's ancestors: they go back on after.
        target = parents[0] if parents else "base"
        report: dict[str, Any] = {
            "revision": revision,
            "message": (script.doc or "").strip(),
            "status": "pass",
            "checked": 0,
            "exempt": [],
            "changed": [],
            "notes": [],
        }
        reports.append(report)
        try:
            # Outside a transaction (the last checksums opened one): a migration with an
            # autocommit block (CONCURRENTLY) can only commit the one Alembic begins itself.
            commit()
            step(root, f"upgrade to {revision}", partial(command.upgrade, config, revision))
            commit()
            report["notes"] = insert_rows(connection, models, counter)
            commit()
            after = schema(connection)
            kept = checksums(connection, after)
            applied = current_heads(connection)
            # Reading opened a transaction; end it, so that the project's env.py can switch
            # SQLite's foreign keys off around batch migrations (only possible outside one).
            commit()
            step(root, f"downgrade of {revision}", partial(command.downgrade, config, target))
            commit()
            before = schema(connection)
            commit()
            for head in [revision, *sorted(set(applied) - {revision})]:
                step(root, f"upgrade to {head} again", partial(command.upgrade, config, head))
                commit()
            again = checksums(connection, schema(connection))
        except UserError as error:
            if connection.in_transaction():
                connection.rollback()
            report["status"] = "fail"
            report["error"] = error.message
            break
        compared, report["exempt"] = untouched(before, after)
        report["checked"] = len(compared)
        for key in compared:
            if kept.get(key) != again.get(key):
                report["changed"].append(f"{key}: {_difference(kept.get(key), again.get(key))}")
        if report["changed"]:
            report["status"] = "fail"
    return reports


def current_heads(connection: sa.Connection) -> list[str]:
    import sqlalchemy as sa

    rows = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))
    return sorted(str(row[0]) for row in rows)


def _difference(old: tuple[int, str] | None, new: tuple[int, str] | None) -> str:
    if old is None or new is None:
        return "missing after the round trip"
    if old[0] != new[0]:
        return f"{old[0]} rows before, {new[0]} after"
    return "values changed"


def untouched(before: Schema, after: Schema) -> tuple[list[str], list[str]]:
    """The `table.column`s that are the same before and after the revision, and what is exempt
    (with why)."""
    same: list[str] = []
    exempt: list[str] = []
    for table, columns in sorted(after.items()):
        if table not in before:
            exempt.append(f"{table} (created)")
            continue
        for column, signature in sorted(columns.items()):
            old = before[table].get(column)
            if old is None:
                exempt.append(f"{table}.{column} (added)")
            elif old != signature:
                exempt.append(f"{table}.{column} (altered)")
            else:
                same.append(f"{table}.{column}")
        for column in sorted(set(before[table]) - set(columns)):
            exempt.append(f"{table}.{column} (dropped)")
    for table in sorted(set(before) - set(after)):
        exempt.append(f"{table} (dropped)")
    return same, exempt


def schema(connection: sa.Connection) -> Schema:
    import sqlalchemy as sa

    inspector = sa.inspect(connection)
    found: Schema = {}
    for table in inspector.get_table_names():
        if table == VERSION_TABLE:
            continue
        found[table] = {
            c["name"]: f"{_type_name(c['type'])}|{c['nullable']}|{c.get('default')}"
            for c in inspector.get_columns(table)
        }
    return found


def _type_name(type_: Any) -> str:
    try:
        return str(type_)
    except Exception:
        return type(type_).__name__


def checksums(connection: sa.Connection, tables: Schema) -> dict[str, tuple[int, str]]:
    """`table.column` -> (row count, sha256 of its values in primary key order)."""
    import sqlalchemy as sa

    inspector = sa.inspect(connection)
    sums: dict[str, tuple[int, str]] = {}
    for name, columns in tables.items():
        key = inspector.get_pk_constraint(name).get("constrained_columns") or sorted(columns)
        table = sa.table(name, *(sa.column(c) for c in columns))
        order = [table.c[k] for k in key if k in table.c]
        rows = connection.execute(sa.select(*table.c).order_by(*order)).mappings().all()
        for column in columns:
            digest = hashlib.sha256()
            for row in rows:
                digest.update(repr(_plain(row[column])).encode())
                digest.update(b"\x00")
            sums[f"{name}.{column}"] = (len(rows), digest.hexdigest())
    return sums


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, sort_keys=True, default=str)
    return value if isinstance(value, int | float | str | type(None)) else str(value)


def insert_rows(
    connection: sa.Connection, models: sa.MetaData, counter: Iterator[int]
) -> list[str]:
    """Insert ROWS_PER_TABLE generated rows into every table, parents first; return notes on
    tables where that was not possible (those keep their earlier rows)."""
    import sqlalchemy as sa

    reflected = sa.MetaData()
    reflected.reflect(bind=connection)
    notes = []
    inspector = sa.inspect(connection)
    for table in reflected.sorted_tables:
        if table.name == VERSION_TABLE:
            continue
        choices = _check_choices(inspector, table.name)
        model = models.tables.get(table.name)
        try:
            rows = [
                _row(connection, table, model, choices, next(counter))
                for _ in range(ROWS_PER_TABLE)
            ]
            with connection.begin_nested():
                connection.execute(table.insert(), rows)
        except (sa.exc.SQLAlchemyError, _NoValue) as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            notes.append(
                f"no generated rows for {table.name}: {reason[0] if reason else type(exc).__name__}"
            )
    return notes


class _NoValue(Exception):
    """A required column for which no value can be made (e.g. a foreign key with no parent)."""


_IN_LIST = re.compile(r"[\"`]?(\w+)[\"`]?\s+IN\s*\(([^)]*)\)", re.IGNORECASE)


def _check_choices(inspector: Any, table: str) -> dict[str, list[str]]:
    """Allowed values visible in CHECK (col IN ('a', 'b')) constraints."""
    choices: dict[str, list[str]] = {}
    try:
        constraints = inspector.get_check_constraints(table)
    except Exception:
        return choices
    for constraint in constraints:
        for column, values in _IN_LIST.findall(str(constraint.get("sqltext", ""))):
            choices[column] = re.findall(r"'((?:[^']|'')*)'", values)
    return choices


def _row(
    connection: sa.Connection,
    table: sa.Table,
    model: sa.Table | None,
    choices: dict[str, list[str]],
    seq: int,
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    pk = list(table.primary_key.columns)
    for column in table.columns:
        if column is pk[0] and len(pk) == 1 and _is_int(column.type) and not column.foreign_keys:
            continue  # autoincrement
        row[column.name] = _value(connection, column, model, choices, seq)
    return row


def _is_int(type_: Any) -> bool:
    import sqlalchemy as sa

    return isinstance(type_, sa.Integer)


def _value(
    connection: sa.Connection,
    column: sa.Column[Any],
    model: sa.Table | None,
    choices: dict[str, list[str]],
    seq: int,
) -> Any:
    import datetime as dt
    import uuid
    from decimal import Decimal

    import sqlalchemy as sa

    if column.foreign_keys:
        referred = next(iter(column.foreign_keys)).column
        values = connection.execute(sa.select(referred)).scalars().all()
        if values:
            return values[seq % len(values)]
        if column.nullable:
            return None
        raise _NoValue(f"{column.table.name}.{column.name} refers to an empty table")
    type_ = column.type
    model_type = model.c[column.name].type if model is not None and column.name in model.c else None
    allowed = choices.get(column.name)
    if allowed is None and isinstance(model_type, sa.Enum) and model_type.enums:
        allowed = list(model_type.enums)
    if allowed:
        return allowed[seq % len(allowed)]
    if isinstance(model_type, sa.Uuid) or isinstance(type_, sa.Uuid):
        value = uuid.UUID(int=seq)
        return value if isinstance(type_, sa.Uuid) else value.hex
    if isinstance(type_, sa.Boolean):
        return seq % 2 == 0
    if isinstance(type_, sa.Integer):
        return seq
    if isinstance(type_, sa.Float):
        return seq + 0.5
    if isinstance(type_, sa.Numeric):
        precision, scale = type_.precision or 10, type_.scale or 0
        whole = seq % (10 ** max(1, min(4, precision - scale)))
        return Decimal(whole) + (Decimal("0.25") if scale >= 2 else Decimal(0))
    if isinstance(type_, sa.DateTime):
        moment = dt.datetime(2024, 1, 1, 12, 0) + dt.timedelta(minutes=seq)
        return moment.replace(tzinfo=dt.UTC) if type_.timezone else moment
    if isinstance(type_, sa.Date):
        return dt.date(2024, 1, 1) + dt.timedelta(days=seq)
    if isinstance(type_, sa.Time):
        return dt.time(seq % 24, seq % 60)
    if isinstance(type_, sa.Interval):
        return dt.timedelta(seconds=seq)
    if isinstance(type_, sa.JSON):
        return {"n": seq}
    if isinstance(type_, sa.LargeBinary):
        return f"b{seq}".encode()
    if isinstance(type_, sa.String):
        text = f"v{seq}" if type_.length else f"text {seq}"
        return text[-type_.length :] if type_.length else text
    if column.nullable:
        return None
    return str(seq)
