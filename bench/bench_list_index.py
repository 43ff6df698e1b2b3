"""Service time of a generated list endpoint on PostgreSQL: composite index against the old layout.

The generated list query is `WHERE user_id = ? ORDER BY id DESC LIMIT 20`. With only a
single-column index on `user_id`, PostgreSQL prefers walking the primary key backwards and
filtering, which is cheap for a user with recent rows and reads nearly the whole table for a
user whose rows are the oldest. An index on `(user_id, id)` answers every user's first page
from a few index pages.

A project is generated with `scaffold new` and `scaffold crud`; two fresh PostgreSQL databases
are upgraded with the project's own `alembic upgrade head`. Database "new" keeps the layout the
generated migration made; on database "old" every `(user_id, [col,] id)` index is replaced by
the single-column indexes the earlier templates made (`user_id`, and each filter column), so
the benchmark works whichever layout the templates currently generate, and says which one that
is. Both get the same 200,000 rows over 200 users: the first 1,000 rows (lowest ids) belong to
the oldest user, the others are spread through the table in blocks of 10 rows per user.

Each database gets its own child process that imports the project and calls its
`list_<plural>` function with a real Session (one per call, as a request gets one), warm, in
batches alternating between the two layouts: median and p95 of the call (as the endpoint makes
it by default and, if the function has `count`, without the total), the round trip of each
statement it ran, EXPLAIN (ANALYZE, BUFFERS) of those statements, and whether the new plan uses
the composite index; for the oldest user and a typical one. Target: the oldest user's first
page at least 100 times faster than with the old layout, in PostgreSQL's own execution time of
the list query (EXPLAIN ANALYZE), which is what an index changes and what the 69 ms / 0.05 ms
figures of the layout's bug report measured. The whole Python call carries a fixed cost of
about 1.5 ms (Session, pool pre-ping, the count query, 20 rows into objects), so its ratio is
printed beside it for what a client sees, not held to the target.

Usage: .venv/bin/python bench/bench_list_index.py [--runs N] [--add-composite] [--json]
The admin URL comes from TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql
from tools import BIN, BenchError, tool

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
RESOURCE = "Task"
FIELDS = ["title:str(200)", "status:enum(todo|doing|done):index", "done:bool=false"]
ROWS = 200_000
USERS = 200
PER_USER = ROWS // USERS
BLOCK = 10  # rows in a row of one user, after the oldest user's block
OLDEST_USER = "user-000"
TYPICAL_USER = "user-100"
LIMIT = 20
WARMUP = 5
ROUNDS = 10  # batches of timed calls, alternating between the layouts
TARGET_RATIO = 100.0

# User 0 owns rows 0..999 (ids 1..1000); rows after that go round-robin to users 1..199 in
# blocks of BLOCK, so every other user's newest rows sit near the end of the table.
LOAD_SQL = """
INSERT INTO {table} (title, status, done, created_at, updated_at, user_id)
SELECT 'task ' || g,
       (ARRAY['todo', 'doing', 'done'])[1 + g %% 3],
       g %% 2 = 0,
       timestamptz '2025-01-01 00:00+00' + g * interval '1 minute',
       timestamptz '2025-01-01 00:00+00' + g * interval '1 minute',
       'user-' || lpad((CASE WHEN g < %(per_user)s THEN 0
                             ELSE 1 + ((g - %(per_user)s) / %(block)s) %% (%(users)s - 1)
                        END)::text, 3, '0')
FROM generate_series(0, %(rows)s - 1) AS g
ORDER BY g
"""

INDEXES_SQL = """
SELECT i.relname, array_agg(a.attname::text ORDER BY k.ord), ix.indisunique OR ix.indisprimary
FROM pg_index ix
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
WHERE t.relname = %s AND n.nspname = current_schema()
GROUP BY i.relname, ix.indisunique, ix.indisprimary
ORDER BY i.relname
"""


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]
    unique: bool  # unique or primary key: never touched by a layout switch

    def __str__(self) -> str:
        return f"{self.name} ({', '.join(self.columns)})"


def is_owner_composite(index: Index) -> bool:
    """`(user_id, id)` or `(user_id, <filter column>, id)`: the layout the list queries need."""
    cols = index.columns
    return not index.unique and len(cols) >= 2 and cols[0] == "user_id" and cols[-1] == "id"


def describe_layout(indexes: Sequence[Index]) -> str:
    """Which layout a table has, for the owner's list query."""
    plain = [ix.columns for ix in indexes if not ix.unique]
    if ("user_id", "id") in plain:
        return "composite (user_id, id)"
    if ("user_id",) in plain:
        return "single-column (user_id)"
    return "no index leading with user_id"


def old_layout_ddl(table: str, indexes: Sequence[Index]) -> list[str]:
    """Statements turning `indexes` into the earlier templates' layout.

    Every `(user_id, [col, ...] id)` index is dropped, and a single-column index made on its
    first filter column `col` (on `user_id` for `(user_id, id)`) unless one exists already.
    """
    have = {ix.columns for ix in indexes if not ix.unique}
    statements = []
    for index in indexes:
        if not is_owner_composite(index):
            continue
        statements.append(f'DROP INDEX "{index.name}"')
        middle = index.columns[1:-1]
        wanted = middle[:1] or ("user_id",)
        if wanted not in have:
            have.add(wanted)
            statements.append(f'CREATE INDEX "ix_{table}_{wanted[0]}" ON "{table}" ("{wanted[0]}")')
    return statements


def composite_layout_ddl(table: str, indexes: Sequence[Index]) -> list[str]:
    """Statements turning the single-column layout into the composite one (for --add-composite).

    `(user_id)` becomes `(user_id, id)` and each single-column filter index `(col)` becomes
    `(user_id, col, id)`, named as the templates name them.
    """
    have = {ix.columns for ix in indexes if not ix.unique}
    statements = []
    for index in indexes:
        if index.unique or len(index.columns) != 1 or index.columns[0] == "id":
            continue
        column = index.columns[0]
        wanted = ("user_id", "id") if column == "user_id" else ("user_id", column, "id")
        statements.append(f'DROP INDEX "{index.name}"')
        if wanted not in have:
            have.add(wanted)
            columns = ", ".join(f'"{c}"' for c in wanted)
            statements.append(
                f'CREATE INDEX "ix_{table}_{"_".join(wanted)}" ON "{table}" ({columns})'
            )
    return statements


def plan_summary(plan: Sequence[str]) -> list[str]:
    """The lines of an EXPLAIN (ANALYZE, BUFFERS) text plan worth printing, without estimates."""
    keep = ("->", "Index Cond", "Filter", "Rows Removed", "Buffers", "Heap Fetches", "Execution")
    lines: list[str] = []
    in_planning = False
    for number, line in enumerate(plan):
        stripped = line.strip()
        if stripped == "Planning:":
            in_planning = True  # the planner's own Buffers line follows, not the query's
            continue
        if in_planning and stripped.startswith("Buffers"):
            in_planning = False
            continue
        if number == 0 or stripped.startswith(keep):
            lines.append(re.sub(r"  \(cost=[^)]*\)", "", line.rstrip()))
    return lines


def execution_ms(plan: Sequence[str]) -> float:
    """The `Execution Time` of an EXPLAIN ANALYZE text plan, in ms."""
    for line in plan:
        match = re.search(r"Execution Time: ([\d.]+) ms", line)
        if match:
            return float(match.group(1))
    raise BenchError("EXPLAIN ANALYZE printed no Execution Time")


def indexes_used(plan: Sequence[str]) -> list[str]:
    """Names of the indexes a text plan scans."""
    return re.findall(r" using (\S+) on ", "\n".join(plan))


# --- the parent: project, databases, report ---------------------------------------------


def run(argv: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a process to completion; its stdout, or BenchError with all it printed."""
    result = subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        command = " ".join(map(str, argv))
        raise BenchError(f"`{command}` exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result.stdout


@dataclass(frozen=True)
class Project:
    root: Path
    module: str  # app/api/<module>.py
    function: str  # list_<plural>
    table: str


def generate(base: Path) -> Project:
    """`scaffold new` + `scaffold crud` under `base`; where the list function and table are."""
    scaffold = tool("scaffold", extras="dev")
    root = base / "bench_list"
    run([scaffold, "new", root], cwd=base)
    out = run([scaffold, "crud", RESOURCE, *FIELDS], cwd=root)
    api = re.search(r"create\s+app/api/(\w+)\.py", out)
    model = re.search(r"create\s+app/models/(\w+)\.py", out)
    if not (api and model):
        raise BenchError(f"scaffold crud did not report its router and model:\n{out}")
    module = api.group(1)
    tree = ast.parse((root / "app" / "api" / f"{module}.py").read_text(encoding="utf-8"))
    functions = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.name.startswith("list_")
        and not node.name.endswith("_route")
    ]
    if len(functions) != 1:
        raise BenchError(f"expected one list_<plural> function in app/api/{module}.py: {functions}")
    model_text = (root / "app" / "models" / f"{model.group(1)}.py").read_text(encoding="utf-8")
    table = re.search(r'__tablename__ = "(\w+)"', model_text)
    if not table:
        raise BenchError(f"no __tablename__ in app/models/{model.group(1)}.py")
    return Project(root, module, functions[0], table.group(1))


def admin_conninfo() -> str:
    """TEST_DATABASE_URL (or the local default) as a libpq URL."""
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_ADMIN_URL
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextmanager
def databases(admin: str, labels: Sequence[str]) -> Iterator[dict[str, str]]:
    """One fresh database per label (its URL), dropped on the way out."""
    suffix = uuid.uuid4().hex[:8]
    names = {label: f"scaffold_bench_list_{label}_{suffix}" for label in labels}
    parts = urlsplit(admin)
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names.values():
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise BenchError(
            f"cannot reach PostgreSQL at {admin} (set TEST_DATABASE_URL): {exc}"
        ) from None
    try:
        yield {label: urlunsplit(parts._replace(path=f"/{name}")) for label, name in names.items()}
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names.values():
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def read_indexes(url: str, table: str) -> list[Index]:
    """The indexes of `table`, their columns in key order (pg_index)."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(INDEXES_SQL, (table,)).fetchall()
    return [Index(name, tuple(columns), unique) for name, columns, unique in rows]


def prepare(url: str, project: Project, ddl: Sequence[str]) -> None:
    """Apply `ddl`, load the rows, VACUUM ANALYZE them, check who owns which ids.

    VACUUM, as autovacuum would have done by then, so that it does not start during the timing
    (and index-only scans see an up-to-date visibility map).
    """
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in ddl:
            connection.execute(statement)
        load = sql.SQL(LOAD_SQL).format(table=sql.Identifier(project.table))
        params = {"per_user": PER_USER, "block": BLOCK, "users": USERS, "rows": ROWS}
        connection.execute(load, params)
        connection.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(project.table)))
        check = sql.SQL(
            "SELECT count(DISTINCT user_id), min(c), max(c),"
            " max(hi) FILTER (WHERE user_id = %(oldest)s),"
            " min(lo) FILTER (WHERE user_id <> %(oldest)s)"
            " FROM (SELECT user_id, count(*) AS c, min(id) AS lo, max(id) AS hi"
            " FROM {} GROUP BY user_id) AS per_user"
        ).format(sql.Identifier(project.table))
        row = connection.execute(check, {"oldest": OLDEST_USER}).fetchone()
    if row is None or tuple(row[:3]) != (USERS, PER_USER, PER_USER) or not row[3] < row[4]:
        raise BenchError(
            f"unexpected data: (users, min rows, max rows, oldest max id, others min id) = {row}"
        )


class Measurer:
    """A child process holding the project imported against one database, asked in turns.

    Both layouts' children stay up and are asked alternately, a batch of calls at a time, so
    that load elsewhere on the machine falls on both alike.
    """

    def __init__(self, project: Project, label: str, url: str, scratch: Path) -> None:
        self.label = label
        self.log = (scratch / f"measure-{label}.log").open("w+", encoding="utf-8")
        spec = {"root": str(project.root), "module": project.module, "function": project.function}
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
            cwd=project.root,
            env={**os.environ, "DATABASE_URL": url, "PYTHONDONTWRITEBYTECODE": "1"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def ask(self, **request: Any) -> dict[str, Any]:
        """Send one request, wait for its reply; BenchError with the child's stderr if it died."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            reply = self.process.stdout.readline()
        except BrokenPipeError:
            reply = ""
        if not reply:
            self.process.wait()
            self.log.seek(0)
            raise BenchError(
                f"the {self.label} layout's measuring process failed:\n{self.log.read()}"
            )
        answer: dict[str, Any] = json.loads(reply)
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def measure(project: Project, urls: dict[str, str], runs: int, scratch: Path) -> dict[str, Any]:
    """Per layout: the call made, and per user and call variant the timings, and the plans."""
    measurers = {label: Measurer(project, label, url, scratch) for label, url in urls.items()}
    try:
        result: dict[str, Any] = {label: m.ask(op="info") for label, m in measurers.items()}
        variants: dict[str, dict[str, Any]] = {"default": {}}
        if "count" in result["new"]["parameters"]:
            variants["count=False"] = {"count": False}  # the page without its total
        batches = [runs // ROUNDS + (i < runs % ROUNDS) for i in range(ROUNDS)]
        for label in result:
            result[label]["users"] = {u: {"calls": {}} for u in (OLDEST_USER, TYPICAL_USER)}
        for user in (OLDEST_USER, TYPICAL_USER):
            for variant, extra in variants.items():
                for m in measurers.values():
                    m.ask(op="time", user=user, runs=WARMUP, extra=extra)
                for number, batch in enumerate(b for b in batches if b):
                    order = list(measurers) if number % 2 == 0 else list(reversed(measurers))
                    for label in order:
                        answer = measurers[label].ask(op="time", user=user, runs=batch, extra=extra)
                        into = result[label]["users"][user]["calls"].setdefault(
                            variant, {"samples_ms": [], "statements_ms": {}}
                        )
                        into["samples_ms"] += answer["samples_ms"]
                        for kind, values in answer["statements_ms"].items():
                            into["statements_ms"].setdefault(kind, []).extend(values)
                        into["rows"] = answer["rows"]
            for label, m in measurers.items():
                result[label]["users"][user]["explain"] = m.ask(op="explain", user=user)["explain"]
    finally:
        for m in measurers.values():
            m.close()
    return result


def summarize(samples: Sequence[float]) -> dict[str, float]:
    """Median, p95 and min of `samples` (ms)."""
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(statistics.quantiles(samples, n=20, method="inclusive")[-1], 3),
        "min_ms": round(min(samples), 3),
    }


def benchmark(runs: int, add_composite: bool) -> dict[str, Any]:
    """Generate, load, measure both layouts; the figures (see --json)."""
    tool("alembic", extras="dev")
    admin = admin_conninfo()
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-list-") as folder:
        scratch = Path(folder)
        project = generate(scratch)
        with databases(admin, ["old", "new"]) as urls:
            for url in urls.values():
                env = {**os.environ, "DATABASE_URL": url}
                run([BIN / "alembic", "upgrade", "head"], cwd=project.root, env=env)
            generated = read_indexes(urls["new"], project.table)
            if not any(ix.columns and ix.columns[0] == "user_id" for ix in generated):
                raise BenchError(
                    f"the generated migration made no index on {project.table}.user_id"
                )
            old_ddl = old_layout_ddl(project.table, generated)
            new_ddl: list[str] = []
            if add_composite and describe_layout(generated) != "composite (user_id, id)":
                new_ddl = composite_layout_ddl(project.table, generated)
            prepare(urls["old"], project, old_ddl)
            prepare(urls["new"], project, new_ddl)
            layouts = {label: read_indexes(url, project.table) for label, url in urls.items()}
            measured = measure(project, urls, runs, scratch)

    composite = [
        ix.name for ix in layouts["new"] if ix.columns == ("user_id", "id") and not ix.unique
    ]

    def compare(old: Sequence[float], new: Sequence[float]) -> dict[str, Any]:
        figures: dict[str, Any] = {"old": summarize(old), "new": summarize(new)}
        figures["ratio_median"] = round(
            figures["old"]["median_ms"] / figures["new"]["median_ms"], 1
        )
        return figures

    users: dict[str, dict[str, Any]] = {}
    for user in (OLDEST_USER, TYPICAL_USER):
        old, new = measured["old"]["users"][user], measured["new"]["users"][user]
        for label, measured_calls in (("old", old["calls"]), ("new", new["calls"])):
            for variant, call in measured_calls.items():
                if call["rows"] != LIMIT:
                    raise BenchError(
                        f"{label} layout, {user}, {variant}: {call['rows']} rows, not {LIMIT}"
                    )
        calls = {
            v: compare(old["calls"][v]["samples_ms"], new["calls"][v]["samples_ms"])
            for v in old["calls"]
        }
        before = old["calls"]["default"]["statements_ms"]
        after = new["calls"]["default"]["statements_ms"]
        plans = {"old": old["explain"], "new": new["explain"]}
        server = {k: execution_ms(plan["list"]) for k, plan in plans.items()}
        users[user] = {
            "calls": calls,
            "statements": {k: compare(before[k], after[k]) for k in before if k in after},
            "list_server_ms": server | {"ratio": round(server["old"] / server["new"], 1)},
            "explain": plans,
        }
    oldest = users[OLDEST_USER]
    used = indexes_used(oldest["explain"]["new"]["list"])
    uses_composite = bool(composite) and composite[0] in used
    ratio = oldest["list_server_ms"]["ratio"]
    return {
        "postgresql": measured["new"]["server"],
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "rows": ROWS,
        "users": USERS,
        "runs": runs,
        "function": f"{measured['new']['call']} (app/api/{project.module}.py)",
        "generated_layout": describe_layout(generated),
        "generated_indexes": [str(ix) for ix in generated],
        "new_layout_built_by_bench": bool(new_ddl),
        "ddl": {"old": old_ddl, "new": new_ddl},
        "layouts": {k: [str(ix) for ix in v] for k, v in layouts.items()},
        "user_rows": {OLDEST_USER: "oldest (ids 1-1000)", TYPICAL_USER: "typical (spread)"},
        "per_user": users,
        "new_plan_indexes": used,
        "new_plan_uses_composite": uses_composite,
        "target_ratio": TARGET_RATIO,
        "met": uses_composite and ratio >= TARGET_RATIO,
    }


def report(figures: dict[str, Any]) -> str:
    """The figures as text: layouts, plans, the side-by-side table and the target."""
    lines = [
        f"{figures['function']} on {figures['postgresql']}",
        f"{figures['rows']:,} rows over {figures['users']} users, first page (limit {LIMIT}),"
        f" {figures['runs']} warm runs per user, one Session per call",
        "",
        f"layout the generated migration made: {figures['generated_layout']}"
        f"  [{', '.join(figures['generated_indexes'])}]",
    ]
    notes = {
        "old": "switched from the generated one" if figures["ddl"]["old"] else "as generated",
        "new": "built by --add-composite, NOT by the generated migration"
        if figures["new_layout_built_by_bench"]
        else "as generated",
    }
    for label, note in notes.items():
        lines.append(f"  {label}: {', '.join(figures['layouts'][label])}  ({note})")

    oldest = figures["per_user"][OLDEST_USER]
    for kind in ("list", "count"):
        for label in ("old", "new"):
            plan = oldest["explain"][label].get(kind)
            if plan is None:
                continue
            lines += [
                "",
                f"EXPLAIN (ANALYZE, BUFFERS) {kind} query, {OLDEST_USER}, {label} layout:",
            ]
            lines += [f"  {line}" for line in plan_summary(plan)]
    lines += [
        "",
        f"new list plan uses {', '.join(figures['new_plan_indexes']) or 'no index'}: composite"
        f" (user_id, id) index {'USED' if figures['new_plan_uses_composite'] else 'NOT used'}",
        "",
    ]

    busy = ": the machine is busy, the figures are noisy; run again when it is idle"
    columns = ("old med", "old p95", "new med", "new p95", "old/new")
    header = f"{'ms':<34}" + "".join(f"{c:>9}" for c in columns)
    lines += [header, "-" * len(header)]

    def line(label: str, old: dict[str, float], new: dict[str, float], ratio: str) -> str:
        return (
            f"{label:<34}{old['median_ms']:>9.2f}{old['p95_ms']:>9.2f}"
            f"{new['median_ms']:>9.2f}{new['p95_ms']:>9.2f}{ratio:>9}"
        )

    for user, label in figures["user_rows"].items():
        row = figures["per_user"][user]
        lines.append(f"{user} {label}")
        for variant, call in row["calls"].items():
            name = "service time" if variant == "default" else f"service time, {variant}"
            lines.append(line(f"  {name}", call["old"], call["new"], f"{call['ratio_median']}x"))
        for kind in ("list", "count"):
            if kind in row["statements"]:
                statement = row["statements"][kind]
                lines.append(
                    line(
                        f"  {kind} statement, round trip",
                        statement["old"],
                        statement["new"],
                        f"{statement['ratio_median']}x",
                    )
                )
        server = row["list_server_ms"]
        lines.append(
            f"{'  list query, server side':<34}{server['old']:>9.3f}{'':>9}{server['new']:>9.3f}"
            f"{'':>9}{server['ratio']:>8.1f}x"
        )
    lines += [
        "",
        "(service time: one call of the function with its own Session; round trip: the"
        " statement's execute as the driver saw it;\n server side: EXPLAIN ANALYZE's"
        " Execution Time)",
        f"load average {figures['load_average_1m']} on {figures['cpus']} CPUs"
        + (busy if figures["load_average_1m"] > (figures["cpus"] or 1) else ""),
        "",
        f"target: {OLDEST_USER}'s first page at least {TARGET_RATIO:g}x faster than the old layout"
        f" (list query, server side, composite index in the plan):"
        f" {oldest['list_server_ms']['ratio']:.1f}x {'met' if figures['met'] else 'MISSED'};"
        f" whole call {oldest['calls']['default']['ratio_median']:.1f}x",
    ]
    return "\n".join(lines)


# --- the child: imports the project, times its list function ---------------------------


def call_arguments(
    function: Any, session: Any, user: str, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Keyword arguments for the first page, from the parameters `function` actually has.

    Parameters with defaults keep them (as a request without that query parameter), except
    the ones in `extra`.
    """
    first_page = {"limit": LIMIT, "offset": 0, "after": None, "cursor": None, "before": None}
    first_page |= extra or {}
    kwargs: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "session":
            kwargs[name] = session
        elif name == "user_id":
            kwargs[name] = user
        elif name in first_page:
            kwargs[name] = first_page[name]
        elif parameter.default is inspect.Parameter.empty:
            raise BenchError(
                f"{function.__name__} has a required parameter {name!r} the bench does not know"
            )
    return kwargs


def page_rows(result: Any) -> int:
    """Rows in a list function's result: `(rows, total)`, a page with `items`, or rows."""
    rows = result[0] if isinstance(result, tuple) else getattr(result, "items", result)
    return len(rows)


def statement_kind(statement: str) -> str:
    """`list` (the page), `count` (the total) or `other`."""
    if "ORDER BY" in statement and "LIMIT" in statement:
        return "list"
    return "count" if "count(" in statement.lower() else "other"


class StatementTimer:
    """Milliseconds spent executing statements (round trip included), by kind, per call."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.current: dict[str, float] = {}
        self._start = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_: Any) -> None:
        self._start = time.perf_counter()

    def _after(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        kind = statement_kind(statement)
        elapsed = (time.perf_counter() - self._start) * 1000
        self.current[kind] = self.current.get(kind, 0.0) + elapsed


def explain_call(engine: Any, function: Any, user: str) -> dict[str, list[str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement one call of `function` runs, by kind."""
    from sqlalchemy import event
    from sqlmodel import Session

    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    explain: dict[str, list[str]] = {}
    with Session(engine) as session:
        kwargs = call_arguments(function, session, user)
        event.listen(engine, "before_cursor_execute", capture)
        try:
            function(**kwargs)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        for number, (statement, parameters) in enumerate(statements):
            kind = statement_kind(statement)
            if kind in explain or kind == "other":
                kind = f"query {number + 1}"
            plan = session.connection().exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
            )
            explain[kind] = [line for (line,) in plan]
    if "list" not in explain:
        raise BenchError(f"{function.__name__} ran no ORDER BY ... LIMIT query: {statements}")
    return explain


def child(spec: dict[str, Any]) -> None:
    """Serve timing requests for the project's list function on DATABASE_URL's database.

    One JSON request a line on stdin, one JSON reply a line on stdout, until stdin closes.
    """
    channel = sys.stdout
    sys.stdout = sys.stderr  # whatever the project prints must not garble the replies
    sys.path.insert(0, spec["root"])
    from sqlmodel import Session

    api = importlib.import_module(f"app.api.{spec['module']}")
    engine = importlib.import_module("app.db").engine
    function = getattr(api, spec["function"])
    timer = StatementTimer(engine)
    for line in sys.stdin:
        request = json.loads(line)
        reply: dict[str, Any]
        if request["op"] == "info":
            with engine.connect() as connection:
                version = connection.exec_driver_sql("SHOW server_version").scalar()
            arguments = call_arguments(function, None, "<user>")
            shown = ", ".join(f"{k}={v!r}" for k, v in arguments.items() if k != "session")
            reply = {
                "server": f"PostgreSQL {version}",
                "call": f"{spec['function']}(session, {shown})",
                "parameters": list(inspect.signature(function).parameters),
            }
        elif request["op"] == "explain":
            reply = {"explain": explain_call(engine, function, request["user"])}
        else:
            user, extra = request["user"], request["extra"]
            samples: list[float] = []
            statements: dict[str, list[float]] = {}
            rows = 0
            for _ in range(request["runs"]):
                timer.current = {}
                start = time.perf_counter()
                with Session(engine) as session:
                    rows = page_rows(function(**call_arguments(function, session, user, extra)))
                samples.append((time.perf_counter() - start) * 1000)
                for kind, elapsed in timer.current.items():
                    statements.setdefault(kind, []).append(elapsed)
            reply = {"samples_ms": samples, "statements_ms": statements, "rows": rows}
        channel.write(json.dumps(reply) + "\n")
        channel.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--runs", type=int, default=100, metavar="N", help="timed calls per user and layout"
    )
    parser.add_argument(
        "--add-composite",
        action="store_true",
        help="if the generated migration made no (user_id, id) index, build that layout on the"
        " 'new' database by hand (what the templates are meant to generate)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.child:
            child(json.loads(args.child))
            return 0
        if args.runs < 2:
            parser.error("--runs must be at least 2")
        figures = benchmark(args.runs, args.add_composite)
    except (BenchError, psycopg.Error) as exc:
        print(f"bench_list_index: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(figures, indent=2) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
