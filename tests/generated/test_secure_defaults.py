"""A new project is safe as generated: no secret in its source, an app that will not start
without one, a token from `scaffold token` that the running app accepts, tests that never touch
the development database, timestamps in UTC on PostgreSQL whatever the session's time zone, and
the README's own check chain passing. Everything runs for real, in subprocesses."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from tests.conftest import PYTHON, fresh_postgres_database, run_cli
from tests.generated.conftest import generate
from tests.generated.live import free_port, serve
from tests.generated.toolchain import project_env, run_in, run_tests

pytestmark = pytest.mark.slow

PRODUCT = ["Product", "name:str(120)", "price:decimal(10,2)", "made_at:datetime?"]
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none"
# The constant that older templates fell back to: published, so it must sign nothing.
PUBLISHED_SECRET = "local-development-secret-not-for-production-use"
# Where the interpreter's tools (ruff, mypy, bandit, scaffold) are: first on the README's PATH.
TOOLS = str(Path(PYTHON).parent)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`scaffold new` + `scaffold crud`; tests that change it work on a copy."""
    return generate(tmp_path_factory.mktemp("secure") / "shop", [PRODUCT])


@pytest.fixture
def copy(shop: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(shop, tmp_path / "shop"))


def _env_with_tools(env: dict[str, str]) -> dict[str, str]:
    return {**env, "PATH": f"{TOOLS}{os.pathsep}{env.get('PATH', '')}"}


def _bash(root: Path, script: str, env: dict[str, str] | None = None) -> str:
    """Run `script` as bash would from a terminal in `root`; return its standard output."""
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=root,
        env=_env_with_tools(env or project_env()),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{script}\nfailed ({result.returncode}):\n{output}"
    return result.stdout


def _refusal(root: Path, argv: list[str]) -> str:
    result = subprocess.run(
        argv, cwd=root, env=project_env(), capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_without_a_secret_the_app_refuses_to_start_with_one_line(copy: Path) -> None:
    (copy / ".env").unlink()
    port = str(free_port())
    for argv in (
        [PYTHON, "-c", "import app.main"],
        [PYTHON, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", port],
    ):
        line = _refusal(copy, argv)
        assert line.startswith("error: JWT_SECRET is not set"), line
    # The fix the line names works as it is printed.
    fix = re.search(r"\(fix: (.*)\)$", line)
    assert fix is not None, line
    _bash(copy, fix[1])
    run_in(copy, [PYTHON, "-c", "import app.main"])


def test_a_fresh_clone_gets_going_with_the_readmes_env_example_line(copy: Path) -> None:
    (copy / ".env").unlink()
    readme = (copy / "README.md").read_text()
    setup = next(line for line in readme.splitlines() if line.startswith("cp .env.example .env"))
    _bash(copy, setup)
    run_in(copy, [PYTHON, "-c", "import app.main"])
    # .env.example as it is means SQLite: the default app.db in the project.
    run_in(copy, [PYTHON, "-m", "alembic", "upgrade", "head"])
    assert (copy / "app.db").is_file()


def test_a_published_or_short_secret_is_refused_too(copy: Path) -> None:
    for secret in (PUBLISHED_SECRET, "too-short"):
        (copy / ".env").write_text(f"JWT_SECRET={secret}\n")
        line = _refusal(copy, [PYTHON, "-c", "import app.main"])
        assert line.startswith("error: JWT_SECRET "), line


def _call_it_block(root: Path) -> str:
    """The README's `scaffold token` + `curl` example, exactly as written."""
    blocks = re.findall(r"```bash\n(.*?)```", (root / "README.md").read_text(), re.DOTALL)
    return next(block for block in blocks if "scaffold token" in block and "curl" in block)


def test_a_scaffold_token_is_accepted_by_the_running_app(shop: Path, tmp_path: Path) -> None:
    env = project_env(f"sqlite:///{tmp_path / 'live.db'}")  # no JWT_SECRET: .env's
    run_in(shop, [PYTHON, "-m", "alembic", "upgrade", "head"], env["DATABASE_URL"])
    with serve(shop, env, tmp_path / "uvicorn.log") as (base, _log):
        issued = run_cli("token", "--user", "user-42", "--expires", "5m", "--project", str(shop))
        assert issued.exit_code == 0, issued.stderr
        headers = {"Authorization": f"Bearer {issued.stdout.strip()}"}
        me = httpx.get(f"{base}/api/me", headers=headers, timeout=10)
        assert me.status_code == 200, me.text
        assert me.json()["id"] == "user-42"
        created = httpx.post(
            f"{base}/api/products", json={"name": "Desk", "price": "9.50"}, headers=headers
        )
        assert created.status_code == 201, created.text

        # The README's example, pasted into bash as it is (only the port differs).
        port = base.rsplit(":", 1)[1]
        answer = _bash(shop, _call_it_block(shop).replace(":8000/", f":{port}/"), env)
        assert json.loads(answer.strip().splitlines()[-1])["id"] == "alice"

        # A token signed with the constant older templates published is worth nothing.
        claims = {"sub": "mallory", "exp": datetime.now(UTC) + timedelta(minutes=5)}
        forged = jwt.encode(claims, PUBLISHED_SECRET, algorithm="HS256")
        refused = httpx.get(f"{base}/api/me", headers={"Authorization": f"Bearer {forged}"})
        assert refused.status_code == 401


def test_docs_and_cors_locally_and_in_production(shop: Path, tmp_path: Path) -> None:
    app_origin, other_origin = "https://app.example.com", "https://evil.example"
    preflight = {"Origin": app_origin, "Access-Control-Request-Method": "GET"}
    url = f"sqlite:///{tmp_path / 'docs.db'}"
    with serve(shop, project_env(url), tmp_path / "local.log") as (base, _log):
        assert httpx.get(f"{base}/api/docs").status_code == 200
        answer = httpx.get(f"{base}/api/health", headers={"Origin": app_origin})
        assert "access-control-allow-origin" not in answer.headers  # no CORS by default
    production = {
        **project_env(url),
        "ENVIRONMENT": "production",
        "CORS_ORIGINS": f"{app_origin},https://admin.example.com",
    }
    with serve(shop, production, tmp_path / "production.log") as (base, _log):
        assert httpx.get(f"{base}/api/docs").status_code == 404
        assert httpx.get(f"{base}/api/openapi.json").status_code == 404
        allowed = httpx.options(f"{base}/api/products", headers=preflight)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == app_origin
        assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
        other = httpx.get(f"{base}/api/health", headers={"Origin": other_origin})
        assert "access-control-allow-origin" not in other.headers


def test_any_origin_is_refused_in_production(shop: Path) -> None:
    env = {**project_env(), "ENVIRONMENT": "production", "CORS_ORIGINS": "*"}
    result = subprocess.run(
        [PYTHON, "-c", "import app.main"], cwd=shop, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: CORS_ORIGINS=* in production")


def test_the_tests_never_touch_the_database_url_of_env(copy: Path) -> None:
    with (copy / ".env").open("a") as env_file:
        env_file.write(f"DATABASE_URL={UNREACHABLE}\nAUTH_MODE=better-auth\n")
    output = run_tests(copy, None)
    assert "skipped" not in output


@pytest.mark.postgres
def test_on_postgresql_in_tokyo_time_the_tests_pass_and_timestamps_are_utc(
    copy: Path, postgres_admin_url: str
) -> None:
    with (copy / ".env").open("a") as env_file:
        env_file.write(f"DATABASE_URL={UNREACHABLE}\n")
    for url in fresh_postgres_database(postgres_admin_url):
        # Every connection of the tests answers timestamptz in Asia/Tokyo (+09:00).
        tokyo = f"{url}?options=-c%20TimeZone%3DAsia/Tokyo"
        output = run_in(
            copy,
            [PYTHON, "-m", "pytest", "-v", "-p", "no:cacheprovider"],
            test_database_url=tokyo,
        )
        assert "test_timestamps.py::test_a_timestamp_is_answered_in_utc" in output
        assert " PASSED" in output and "FAILED" not in output and "SKIPPED" not in output


@pytest.mark.parametrize("resources", [[], [PRODUCT]], ids=["fresh", "with-crud"])
def test_the_readme_check_chain_passes(tmp_path: Path, resources: list[list[str]]) -> None:
    root = generate(tmp_path / "shop", resources)
    readme = (root / "README.md").read_text()
    chain = next(line for line in readme.splitlines() if line.startswith("ruff check"))
    assert "bandit -c pyproject.toml -r app" in chain and "mypy" in chain
    _bash(root, chain)
