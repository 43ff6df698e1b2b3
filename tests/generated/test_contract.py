"""The generated app's HTTP contract, checked from outside on SQLite and on PostgreSQL.

One project with every field type, refs to one model twice and to two models, and the shipped
example slices runs under uvicorn on 127.0.0.1. schemathesis fuzzes it from its own OpenAPI
document, and every hostile class of input is sent to every operation: neither may find a
server error, an undocumented answer, or data changed behind the client's back.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import PYTHON, fresh_postgres_database, run, run_cli
from tests.generated.conftest import generate
from tests.generated.hostile import HostileRun, load_operations, load_resources
from tests.generated.live import SECRET, ServerLog, auth_header, bearer, serve
from tests.generated.specs import SPECS
from tests.generated.toolchain import project_env

pytestmark = pytest.mark.slow

EXAMPLE_SPECS = Path(__file__).resolve().parents[2] / "examples" / "specs"
SLICES = ("projects.md", "tasks.md")  # tasks refs projects: projects first
RESOURCES = [
    # Every type and modifier, plus an unbounded unique str, text, float, datetime and json that
    # may be null.
    [
        *SPECS["gadgets"][0],
        "sku:str:unique",
        "notes:text?",
        "ratio:float?",
        "met_at:datetime?",
        "extra:json?",
        "nick:str?",
    ],
    ["Patient", "name:str(80)", "birth_date:date?"],
    ["Doctor", "name:str(80):unique"],
    # Refs to two models, one of them twice.
    [
        "Visit",
        "patient:ref(Patient)",
        "doctor:ref(Doctor)",
        "referrer:ref(Doctor)?",
        "visited_on:date",
        "reason:text?",
    ],
]
EXPECTED_RESOURCES = {"Gadget", "Patient", "Doctor", "Visit", "Project", "Task"}

# About 2,400 generated cases on this project (most from the coverage phase, which this does not
# bound), in about 40 s per database on two cores.
MAX_EXAMPLES = 30
SEED = 20240501
FUZZ_TIMEOUT = 600


@dataclass(frozen=True)
class LiveApp:
    root: Path
    base: str
    log: ServerLog


@pytest.fixture(scope="module")
def contract_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate(tmp_path_factory.mktemp("contract") / "clinic", RESOURCES)
    features = root / "specs" / "features"
    features.mkdir(parents=True, exist_ok=True)
    for name in SLICES:
        shutil.copy(EXAMPLE_SPECS / name, features / name)
        result = run_cli("slice", "--spec", f"specs/features/{name}", cwd=root)
        assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def live_app(
    request: pytest.FixtureRequest,
    contract_project: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveApp]:
    """The contract project migrated on a fresh database and served by uvicorn."""
    workdir = tmp_path_factory.mktemp(f"live-{request.param}")
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{workdir / 'contract.db'}"
        else:
            admin_url = request.getfixturevalue("postgres_admin_url")
            url = stack.enter_context(contextmanager(fresh_postgres_database)(admin_url))
        env = {**project_env(url), "JWT_SECRET": SECRET}
        run([PYTHON, "-m", "alembic", "upgrade", "head"], contract_project, env)
        base, log = stack.enter_context(serve(contract_project, env, workdir / "uvicorn.log"))
        yield LiveApp(contract_project, base, log)


def _document(app: LiveApp) -> dict[str, Any]:
    response = httpx.get(f"{app.base}/api/openapi.json", timeout=10)
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _server_errors(log: ServerLog, mark: int) -> str:
    """The exceptions the server logged since `mark`, each once with its count."""
    counts = Counter(log.exceptions_since(mark, settle=0))
    return "\n".join(f"  {n} x {line}" for line, n in counts.most_common()) or "  none"


def test_hostile_requests_get_4xx_and_change_nothing(live_app: LiveApp) -> None:
    document = _document(live_app)
    resources = load_resources(live_app.root, document)
    assert {r.name for r in resources} == EXPECTED_RESOURCES
    operations = load_operations(document, resources)
    with httpx.Client(base_url=live_app.base, timeout=60) as client:
        hostile = HostileRun(
            client, live_app.log, resources, operations, auth_header("mallory", minutes=60)
        )
        failures = hostile.run()
    # Discovery found the five operations of every resource, and each got its share of probes.
    labels = {o.label for o in operations}
    for resource in resources:
        item = next(o.path for o in operations if o.path.startswith(resource.collection + "/"))
        crud = {f"POST {resource.collection}", f"GET {resource.collection}"}
        assert crud | {f"{m} {item}" for m in ("GET", "PATCH", "DELETE")} <= labels
    assert hostile.sent_count > 20 * len(operations)
    assert not failures.found, (
        f"{sum(map(len, failures.found.values()))} failures in {hostile.sent_count} hostile "
        f"requests:\n{failures.report()}"
    )


def _schemathesis_config(directory: Path, operations: list[str]) -> Path:
    """A config with two peers for object-level checks and the exceptions below, each justified."""
    users = directory / "users.json"
    entries = [
        {
            "name": user,
            "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {bearer(user, 60)}"}],
        }
        for user in ("alice", "bob")
    ]
    users.write_text(json.dumps({"auth": entries}))
    config = directory / "schemathesis.toml"
    config.write_text(
        f"""\
# Every check there is. On the command line, `--checks all` would also override the two
# per-operation exceptions below.
checks.enabled = true

# Every request carries alice's valid token (pinned: a 401 to a fuzzed header must not move an
# operation on to no token at all); object_level_authorization replays her reads as bob, who
# must not see them.
[auth.wfc]
path = {json.dumps(str(users))}
user = "alice"
peers = ["alice", "bob"]

# Their *_id fields must name one of the caller's own rows. An id drawn from the schema alone
# names none, and the API is right to refuse it (422), which positive_data_acceptance counts as
# a failure; the stateful phase still sends them real ids.
[[operations]]
include-operation-id = {json.dumps(operations)}
checks.positive_data_acceptance.enabled = false

# A page echoes `limit` and `offset`: when a drawn filter id equals one of them, the empty page
# both users get reads as a leaked object. Reads of one row keep the check.
[[operations]]
include-operation-id-regex = "^list_"
checks.object_level_authorization.enabled = false
"""
    )
    return config


def test_schemathesis_finds_no_failure(live_app: LiveApp, tmp_path: Path) -> None:
    document = _document(live_app)
    resources = load_resources(live_app.root, document)
    operations = load_operations(document, resources)
    with_refs = sorted(
        o.operation_id
        for o in operations
        if o.body is not None and any(p.kind == "ref" for p in o.body)
    )
    assert with_refs == ["create_task", "create_visit", "update_task", "update_visit"]
    config = _schemathesis_config(tmp_path, with_refs)
    junit = tmp_path / "junit.xml"
    argv = [
        PYTHON,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        f"{live_app.base}/api/openapi.json",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        # NUL bytes are hostile input the API must refuse, so they are generated too.
        "--generation-allow-x00",
        "true",
        # No examples saved between runs: every run is the same run.
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(junit),
    ]
    mark = live_app.log.mark()
    result = subprocess.run(
        argv,
        cwd=tmp_path,
        env=project_env(None),
        capture_output=True,
        text=True,
        timeout=FUZZ_TIMEOUT,
        check=False,
    )
    report = result.stdout + result.stderr
    (tmp_path / "schemathesis.txt").write_text(report)
    assert result.returncode == 0, (
        f"schemathesis failed (exit {result.returncode}); full report in "
        f"{tmp_path / 'schemathesis.txt'}\n{report}\n"
        f"server exceptions:\n{_server_errors(live_app.log, mark)}"
    )
    tested = {case.get("name") for case in ElementTree.parse(junit).iter("testcase")}
    documented = {o.label for o in operations}
    assert documented <= tested, f"not tested: {sorted(documented - tested)}"
