"""The project index: imports resolved across modules, and the cache kept right across files."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.validators import stateless
from scaffold.validators.project.index import ProjectIndex, Symbol, is_test_path

STORE = """\
class RateLimitStore:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}

    def hit(self, user: str) -> int:
        self.hits[user] = self.hits.get(user, 0) + 1
        return self.hits[user]
"""
READ_ONLY_STORE = """\
class RateLimitStore:
    def __init__(self) -> None:
        self.limit = 10

    def hit(self, user: str) -> int:
        return self.limit
"""
MAIN = """\
from fastapi import FastAPI

from app.stores import RateLimitStore

app = FastAPI()
limiter = RateLimitStore()


@app.get("/hit")
def hit(user: str) -> int:
    return limiter.hit(user)
"""


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def index_of(files: dict[str, dict[str, object]]) -> ProjectIndex:
    return ProjectIndex(Path("/nonexistent"), files)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("importer", "ref", "expected"),
    [
        ("app/main.py", "Store", Symbol("app/stores.py", "Store")),  # absolute, package
        ("app/main.py", "rel", Symbol("app/stores.py", "Store")),  # `from .stores import`
        ("app/main.py", "mod.Store", Symbol("app/stores.py", "Store")),  # `import ... as mod`
        ("app/main.py", "pkg_store", Symbol("app/stores.py", "Store")),  # re-exported
        ("app/main.py", "missing", None),  # outside the project
        ("app/main.py", "local", Symbol("app/main.py", "local")),
    ],
)
def test_references_resolve_through_imports(
    importer: str, ref: str, expected: Symbol | None
) -> None:
    index = index_of(
        {
            "app/__init__.py": {"imports": {"Store": ".stores.Store"}, "names": {}},
            "app/stores.py": {"names": {"Store": "c"}},
            "app/main.py": {
                "imports": {
                    "Store": "app.stores.Store",
                    "rel": ".stores.Store",
                    "mod": "app.stores",
                    "pkg_store": "app.Store",
                    "missing": "requests.Session",
                },
                "names": {"local": "v"},
            },
        }
    )
    assert index.lookup(importer, ref) == expected


def test_namespace_folders_and_src_layouts_resolve_from_any_ancestor() -> None:
    index = index_of(
        {
            "backend/app/stores.py": {"names": {"Store": "c"}},  # no __init__.py anywhere
            "backend/app/routes/chat.py": {"imports": {"Store": "app.stores.Store"}},
            "src/pkg/a.py": {"imports": {"B": "pkg.b.B"}},
            "src/pkg/b.py": {"names": {"B": "c"}},
        }
    )
    assert index.lookup("backend/app/routes/chat.py", "Store") == Symbol(
        "backend/app/stores.py", "Store"
    )
    assert index.lookup("src/pkg/a.py", "B") == Symbol("src/pkg/b.py", "B")


def test_a_cycle_of_re_exports_resolves_to_nothing() -> None:
    index = index_of(
        {
            "a.py": {"imports": {"x": "b.x"}},
            "b.py": {"imports": {"x": "a.x"}},
        }
    )
    assert index.lookup("a.py", "x") is None


def test_test_paths() -> None:
    assert is_test_path("tests/helpers.py")
    assert is_test_path("app/test_routes.py")
    assert is_test_path("conftest.py")
    assert not is_test_path("app/contest.py")


def test_a_class_in_one_module_instantiated_in_another_is_found(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "", "app/__init__.py": ""})
    write(tmp_path, {"app/stores.py": STORE, "app/main.py": MAIN})
    findings = stateless.check(cwd=tmp_path, use_cache=False).findings
    assert [(f.path, f.line, f.rule) for f in findings] == [("app/main.py", 6, "SA104")]
    assert "`RateLimitStore` (defined in `app/stores.py`)" in findings[0].message
    assert "`hit()`" in findings[0].message


def test_imported_project_files_outside_the_run_are_read(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "", "app/__init__.py": ""})
    write(tmp_path, {"app/stores.py": STORE, "app/main.py": MAIN})
    result = stateless.check([tmp_path / "app" / "main.py"], cwd=tmp_path, use_cache=False)
    assert result.files_checked == 1
    assert [f.rule for f in result.findings] == ["SA104"]


def test_a_change_to_a_class_rechecks_the_modules_using_it(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "", "app/__init__.py": ""})
    write(tmp_path, {"app/stores.py": STORE, "app/main.py": MAIN})
    cache = tmp_path / "cache"
    assert stateless.check(cwd=tmp_path, cache_dir=cache).findings
    write(tmp_path, {"app/stores.py": READ_ONLY_STORE})
    assert stateless.check(cwd=tmp_path, cache_dir=cache).findings == []
    write(tmp_path, {"app/stores.py": STORE})
    assert [f.path for f in stateless.check(cwd=tmp_path, cache_dir=cache).findings] == [
        "app/main.py"
    ]


def test_the_run_record_notices_a_changed_import_outside_the_run(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "", "app/__init__.py": ""})
    write(tmp_path, {"app/stores.py": STORE, "app/main.py": MAIN})
    cache = tmp_path / "cache"
    main = [tmp_path / "app" / "main.py"]
    assert stateless.check(main, cwd=tmp_path, cache_dir=cache).findings
    write(tmp_path, {"app/stores.py": READ_ONLY_STORE})
    assert stateless.check(main, cwd=tmp_path, cache_dir=cache).findings == []


def test_cached_and_uncached_runs_agree_on_the_corpus_projects() -> None:
    corpus = Path(__file__).resolve().parents[1] / "corpus" / "stateless" / "projects"
    case = corpus / "stateful" / "state_manager_factory"
    fresh = stateless.check(cwd=case, use_cache=False)
    assert fresh.findings
    assert stateless.check(cwd=case, use_cache=False, jobs=2).findings == fresh.findings


def test_a_project_held_in_memory_touches_no_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scaffold.validators.config import load_config

    write(tmp_path, {"app/stores.py": STORE})  # on disk, but not part of the project below
    monkeypatch.chdir(tmp_path)
    config = load_config(Path("/nonexistent"), stateless.known_codes())
    outcomes = stateless.check_sources({"app/main.py": MAIN}, config)
    assert outcomes["app/main.py"].findings == ()
    both = stateless.check_sources({"app/main.py": MAIN, "app/stores.py": STORE}, config)
    assert [f[2] for f in both["app/main.py"].findings] == ["SA104"]
