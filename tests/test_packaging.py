"""The wheel carries the templates and skills, and they load from it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("scaffold-*.whl")
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
