"""`scaffold token`: a token the project's app accepts, the project's `.env` that signs it, and
one-line refusals. That the running app accepts it: tests/generated/test_secure_defaults.py."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest

from scaffold.engine.manifest import Manifest
from scaffold.generators.project import bundled_template
from tests.conftest import run_cli, snapshot

ROOT_README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(autouse=True)
def _no_auth_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # The token follows the environment first: keep the caller's settings out of it.
    for name in ("JWT_SECRET", "JWT_ALGORITHM", "AUTH_MODE"):
        monkeypatch.delenv(name, raising=False)


def _env_secret(project: Path) -> str:
    match = re.search(r"^JWT_SECRET=(\S+)$", (project / ".env").read_text(), re.MULTILINE)
    assert match is not None
    return match[1]


def _one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ") and "(fix: " in lines[0], stderr
    return lines[0]


def test_new_writes_a_random_secret_that_is_the_projects_own(project: Path, tmp_path: Path) -> None:
    secret = _env_secret(project)
    assert len(secret) >= 64
    assert (project / ".env").stat().st_mode & 0o077 == 0  # readable by its owner only
    assert ".env" in (project / ".gitignore").read_text().splitlines()
    assert ".env" not in Manifest.load(project).files  # so `upgrade` never overwrites it
    for path in bundled_template().rglob("*"):  # no secret in the template's source
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8")
    other = tmp_path / "other"
    assert run_cli("new", str(other)).exit_code == 0
    assert _env_secret(other) != secret


def test_the_env_example_works_for_sqlite_as_it_is(project: Path) -> None:
    settings = [line for line in (project / ".env.example").read_text().splitlines() if "=" in line]
    assert not [line for line in settings if line.startswith(("DATABASE_URL=", "JWT_SECRET="))]


def test_upgrade_leaves_the_env_alone(project: Path) -> None:
    before = (project / ".env").read_bytes()
    result = run_cli("upgrade", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert (project / ".env").read_bytes() == before


def test_the_token_is_signed_with_the_projects_secret(project: Path) -> None:
    result = run_cli("token", "--user", "alice", "--expires", "15m", cwd=project)
    assert result.exit_code == 0, result.stderr
    token = result.stdout.strip()
    assert result.stdout == token + "\n"  # only the token: TOKEN=$(scaffold token) works
    claims = jwt.decode(token, _env_secret(project), algorithms=["HS256"])
    assert claims["sub"] == "alice"
    lifetime = datetime.fromtimestamp(claims["exp"], UTC) - datetime.now(UTC)
    assert timedelta(minutes=14) < lifetime <= timedelta(minutes=15)
    assert claims["exp"] - claims["iat"] == 15 * 60


def test_defaults_and_json(project: Path) -> None:
    result = run_cli("token", "--json", "--project", str(project))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)["data"]
    assert set(data) == {"token", "user", "algorithm", "issued_at", "expires_at"}
    assert (data["user"], data["algorithm"]) == ("user-1", "HS256")
    claims = jwt.decode(data["token"], _env_secret(project), algorithms=["HS256"])
    assert claims["sub"] == "user-1" and claims["exp"] - claims["iat"] == 3600
    expires_at = datetime.fromisoformat(data["expires_at"])
    assert int(expires_at.timestamp()) == claims["exp"]


def test_the_environment_wins_over_env_and_the_algorithm_is_the_projects(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "s" * 64
    monkeypatch.setenv("jwt_secret", secret)  # matched case-insensitively, as the app does
    (project / ".env").write_text((project / ".env").read_text() + "JWT_ALGORITHM=HS512\n")
    result = run_cli("token", "--json", cwd=project)
    assert result.exit_code == 0, result.stderr
    token = json.loads(result.stdout)["data"]["token"]
    assert jwt.get_unverified_header(token)["alg"] == "HS512"
    assert jwt.decode(token, secret, algorithms=["HS512"])["sub"] == "user-1"


@pytest.mark.parametrize(
    ("expires", "problem"),
    [
        ("1x", "is not a lifetime"),
        ("1.5h", "is not a lifetime"),
        ("", "is not a lifetime"),
        ("-1h", "is not a lifetime"),
        ("0s", "already expired"),
        ("31d", "longer than 30 days"),
        ("721h", "longer than 30 days"),
        ("9" * 5000 + "s", "longer than 30 days"),
    ],
)
def test_a_bad_expires_is_one_line_and_exit_2(project: Path, expires: str, problem: str) -> None:
    result = run_cli("token", f"--expires={expires}", cwd=project)
    assert result.exit_code == 2
    assert problem in _one_line_error(result.stderr)
    assert len(result.stderr) < 300
    as_json = run_cli("token", "--json", f"--expires={expires}", cwd=project)
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["code"] == "bad_expires"


def test_a_negative_expires_as_a_separate_word_is_refused_too(project: Path) -> None:
    result = run_cli("token", "--expires", "-1h", cwd=project)
    assert result.exit_code == 2
    assert "is not a lifetime" in _one_line_error(result.stderr)


def test_no_secret_is_one_line_and_exit_2(project: Path) -> None:
    (project / ".env").unlink()
    result = run_cli("token", cwd=project)
    assert result.exit_code == 2
    assert "JWT_SECRET is not set" in _one_line_error(result.stderr)
    assert result.stdout == ""
    as_json = run_cli("token", "--json", cwd=project)
    assert json.loads(as_json.stdout)["error"]["code"] == "no_secret"


def test_a_secret_the_app_would_refuse_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_SECRET", "short")
    result = run_cli("token", cwd=project)
    assert result.exit_code == 2
    assert "JWT_SECRET has 5 characters; HS256 needs 32" in _one_line_error(result.stderr)


def test_better_auth_mode_refuses_with_a_hint(project: Path) -> None:
    (project / ".env").write_text((project / ".env").read_text() + "AUTH_MODE=better-auth\n")
    before = snapshot(project)
    result = run_cli("token", cwd=project)
    assert result.exit_code == 2
    line = _one_line_error(result.stderr)
    assert "AUTH_MODE=better-auth" in line and "/api/auth/token" in line
    as_json = run_cli("token", "--json", cwd=project)
    assert json.loads(as_json.stdout)["error"]["code"] == "better_auth_mode"
    assert snapshot(project) == before


def test_an_empty_user_is_refused(project: Path) -> None:
    result = run_cli("token", "--user", " ", cwd=project)
    assert result.exit_code == 2
    assert "--user is empty" in _one_line_error(result.stderr)


def test_outside_a_project_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli("token", "--project", str(tmp_path))
    assert result.exit_code == 2
    assert "no scaffold project" in _one_line_error(result.stderr)


def _bash_blocks(markdown: str) -> list[str]:
    return re.findall(r"```bash\n(.*?)```", markdown, re.DOTALL)


def test_help_and_readme_examples_paste_into_bash(project: Path) -> None:
    help_text = run_cli("token", "--help").stdout
    example = help_text.split("Example:\n", 1)[1].split("\nOptions:", 1)[0]
    assert "curl" in example
    blocks = [example]
    for readme in (ROOT_README, project / "README.md"):
        found = _bash_blocks(readme.read_text())
        assert any("scaffold token" in block and "curl" in block for block in found), readme
        blocks += found
    for block in blocks:
        checked = subprocess.run(["bash", "-n"], input=block, text=True, capture_output=True)
        assert checked.returncode == 0, f"{block}\n{checked.stderr}"
