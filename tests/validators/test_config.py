"""`[tool.scaffold.stateless]`: defaults, selection, validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import UserError
from scaffold.validators import stateless
from scaffold.validators.config import DEFAULT_EXCLUDE, find_project_root, load_config

CODES = stateless.known_codes()


def write(root: Path, table: str) -> Path:
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "demo"\n\n[tool.scaffold.stateless]\n{table}\n', encoding="utf-8"
    )
    return root


def test_defaults_select_every_rule(tmp_path: Path) -> None:
    config = load_config(tmp_path, CODES)
    assert config.select == frozenset(CODES)
    assert config.exclude == DEFAULT_EXCLUDE
    assert config.source is None


def test_select_and_ignore_accept_prefixes(tmp_path: Path) -> None:
    write(tmp_path, 'select = ["SA10"]\nignore = ["SA105", "sa109"]')
    config = load_config(tmp_path, CODES)
    assert config.select == {"SA100", "SA101", "SA102", "SA103", "SA104", "SA106", "SA107", "SA108"}


def test_cli_select_replaces_and_cli_ignore_adds(tmp_path: Path) -> None:
    write(tmp_path, 'select = ["SA101"]\nignore = ["SA102"]')
    # Configured ignores still apply to a CLI selection.
    config = load_config(tmp_path, CODES, select=["SA102", "SA103"], ignore=["SA103"])
    assert config.select == frozenset()
    config = load_config(tmp_path, CODES, select=["SA103", "SA104"], ignore=["SA104"])
    assert config.select == {"SA103"}


def test_every_key_is_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        'exclude = ["scripts"]\nextend-exclude = ["app/legacy"]\n'
        'per-path-ignores = { "app/cli/*.py" = ["SA108"] }\n'
        'extra-in-memory-classes = ["mylib.LocalMemory"]\nallowed-globals = ["_metrics"]',
    )
    config = load_config(tmp_path, CODES)
    assert config.exclude == ("scripts", "app/legacy")
    assert config.per_path_ignores == (("app/cli/*.py", frozenset({"SA108"})),)
    assert config.extra_in_memory_classes == {"mylib.LocalMemory"}
    assert config.allowed_globals == {"_metrics"}
    assert config.source == tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ('selct = ["SA101"]', "unknown key(s) selct"),
        ('select = "SA101"', "`select` must be a list of strings"),
        ('ignore = ["XX1"]', "unknown rule code 'XX1'"),
        ('per-path-ignores = { "a.py" = ["SA999"] }', "unknown rule code 'SA999'"),
        ('per-path-ignores = ["a.py"]', "`per-path-ignores` must be a table"),
    ],
)
def test_bad_configuration_is_a_user_error(tmp_path: Path, table: str, fragment: str) -> None:
    write(tmp_path, table)
    with pytest.raises(UserError) as caught:
        load_config(tmp_path, CODES)
    assert fragment in caught.value.message
    assert caught.value.code in {"bad_config", "unknown_rule"}
    assert caught.value.hint


def test_invalid_toml_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.scaffold\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_config(tmp_path, CODES)
    assert caught.value.code == "bad_config"


def test_project_root_is_the_nearest_pyproject(tmp_path: Path) -> None:
    write(tmp_path, "")
    nested = tmp_path / "app" / "api"
    nested.mkdir(parents=True)
    assert find_project_root(nested) == tmp_path.resolve()
