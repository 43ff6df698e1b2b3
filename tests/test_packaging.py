"""The wheel, installed the ordinary way, makes projects that pass their own tests.

`pip install <wheel>` byte-compiles every `.py` file it installs, the project template's too;
none of those caches may reach a project. The installed scaffold runs outside the source tree,
in a venv of its own, with its dependencies from the package index (and pip's cache).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DISTRIBUTION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
WHEEL_GLOB = f"{DISTRIBUTION.replace('-', '_')}-*.whl"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob(WHEEL_GLOB)
    return found


def test_wheel_contains_templates_and_skills(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "scaffold/templates/project/copier.yml",
        "scaffold/templates/project/template/app/main.py",
        "scaffold/templates/crud-builder/model.py.jinja",
        "scaffold/templates/crud-builder/migration.py.jinja",
        "scaffold/skills/crud-builder/SKILL.md",
    ):
        assert required in names, required
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo"))]


def test_templates_load_from_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    probe = (
        "import scaffold.engine.resources as r, scaffold.engine.render as rr;"
        "print(r.templates_dir());"
        "env = rr.Renderer(None)._env;"
        "names = [n for n in env.list_templates() if n.startswith('crud-builder/')];"
        "print(len([env.get_template(n) for n in names]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    location, count = result.stdout.split()
    assert Path(location) == tmp_path / "scaffold" / "templates"
    assert int(count) >= 5


def _caches(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.name == "__pycache__" or p.suffix in {".pyc", ".pyo"}
    )


def test_the_installed_wheel_makes_a_project_that_passes_its_tests(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    python, scaffold = venv / "bin" / "python", venv / "bin" / "scaffold"
    # Only the venv: no source tree on the path, no settings of the caller's.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE"}
        and not k.endswith(("DATABASE_URL", "JWT_SECRET"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    def run(*argv: str | Path, cwd: Path = tmp_path, ok: bool = True) -> str:
        result = subprocess.run(
            [str(a) for a in argv],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        output = result.stdout + result.stderr
        assert (result.returncode == 0) is ok, f"{argv} exited {result.returncode}:\n{output}"
        return result.stdout

    run(sys.executable, "-m", "venv", venv)
    run(python, "-m", "pip", "install", "--quiet", wheel)  # byte-compiles, as pip does
    site = Path(run(python, "-c", "import scaffold; print(scaffold.__file__)").strip()).parent
    assert site.is_relative_to(venv)
    assert _caches(site / "templates" / "project")  # the trap is there: pip compiled them

    # Without the project's dependencies, the migrate commands say which distribution to add.
    run(scaffold, "new", "bare")
    assert _caches(tmp_path / "bare") == []
    missing = subprocess.run(
        [str(scaffold), "migrate", "check", "--json"],
        cwd=tmp_path / "bare",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2, missing.stdout + missing.stderr
    error = json.loads(missing.stdout)["error"]
    assert error["code"] == "missing_dependency", error
    requirements = tomllib.loads((tmp_path / "bare/pyproject.toml").read_text())["project"]
    assert any(f"'{r}'" in error["message"] for r in requirements["dependencies"]), error
    assert f"/bin/python -m pip install -e '{tmp_path / 'bare'}[dev]'" in error["hint"], error

    created = json.loads(run(scaffold, "new", "shop", "--install", "--json"))["data"]
    assert created["installed"] is True
    shop = tmp_path / "shop"
    run(scaffold, "crud", "Product", "name:str(120)", "price:decimal(10,2)", cwd=shop)
    assert _caches(shop) == []
    run(scaffold, "migrate", "check", cwd=shop)
    run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=shop)
