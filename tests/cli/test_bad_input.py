"""Bad input a user can type gets one line (or one JSON error), exit 2, and nothing written.

Names past what PostgreSQL keeps, numbers past what the columns and the generated app hold,
Click's usage errors, options that contradict each other, unreadable files and caches. One
project per module, made once and never written to: every command here fails before writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from scaffold.engine import render
from tests.conftest import PYTHON, fresh_postgres_database, run_cli
from tests.generated.toolchain import lint_and_typecheck, migrate_and_test, run_in
from tests.unprivileged import as_user

LONG = "a" * 300
DIGITS = "9" * 5000  # more digits than Python's int() takes from text


def _words(prefix: str, length: int) -> str:
    """A snake_case name of exactly `length` characters that does not look plural."""
    name = (prefix + "_" + "_".join(["long"] * 40))[:length].rstrip("_")
    name = name.ljust(length, "x")
    return name[:-1] + "x" if name.endswith("s") else name


def _pascal(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def _tree_digest(root: Path) -> str:
    """Every path under `root` (folders too) with the bytes of its files."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def shop(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one resource, Widget; the tests of this module never write to it."""
    root = tmp_path_factory.mktemp("bad-input") / "shop"
    shutil.copytree(template_project, root)
    result = run_cli("crud", "Widget", "name:str(40)", cwd=root)
    assert result.exit_code == 0, result.stderr
    return root


# (arguments, what the one line must say)
CASES = [
    # names PostgreSQL would cut short, and the derived ones
    (["crud", "Widget2", f"{LONG}:str"], "makes the column 'aaaaa"),
    (["crud", LONG.capitalize(), "name:str"], "300 bytes"),
    (["crud", _pascal(_words("order", 64)), "name:str"], "makes the table 'order_long"),
    (["crud", "Gadget", f"{_words('owner', 61)}:ref(Widget)"], "the column 'owner_long"),
    (["crud", "Gadget", f"maker:ref({_pascal(_words('maker', 64))})"], "referenced table"),
    (["field", "add", "Widget", f"{_words('weight', 64)}:int?"], "64 bytes"),
    (
        ["model", _pascal(_words("post", 30)), "title:str", "--many-to-many", "Widget" * 6],
        "makes the link table",
    ),
    # numbers past what the columns and the generated app hold
    (["crud", "Gadget", "name:str(99999999999999999999)"], "bad max length"),
    (["crud", "Gadget", "name:str(1000001)"], "1 <= N <= 1000000"),
    (["crud", "Gadget", f"name:str({DIGITS})"], "bad max length"),
    (["crud", "Gadget", "price:decimal(39,2)"], "precision must be 1..38"),
    (["crud", "Gadget", "price:decimal(10,11)"], "scale 11 must not exceed precision 10"),
    (["crud", "Gadget", f"price:decimal({DIGITS},2)"], "bad decimal arguments"),
    (["crud", "Gadget", "stock:int=2147483648"], "-2147483648..2147483647"),
    (["crud", "Gadget", f"stock:int={DIGITS}"], "does not fit int"),
    (["crud", "Gadget", "stock:int:max(99999999999999999999)"], "does not fit int"),
    (["crud", "Gadget", "stock:int:min(5):max(5)"], "allows a single value"),
    (["crud", "Gadget", "stock:int:min(2147483647)"], "allows a single value"),
    (["crud", "Gadget", "ratio:float:max(1e999)"], "does not fit float"),
    (["crud", "Gadget", "name:str:min_length(256)"], "exceeds the max length 255"),
    (["crud", "Gadget", "body:text:min_length(100001)"], "exceeds the max length 100000"),
    (["crud", "Gadget", f"name:str:min_length({DIGITS})"], "bad :min_length"),
    (["crud", "Gadget", f"name:str={'x' * 256}"], "longer than 255 characters"),
    (["crud", "Gadget", "due:date:min(9999-12-31)"], "allows a single value"),
    (["crud", "Gadget", "at:datetime:max(9999-12-31T23:59:59-01:00)"], "years 1..9999"),
    # Click's usage errors
    (["crud", "--bogus"], "no such option: --bogus (run `scaffold crud --help`)"),
    (["crud"], "missing argument 'name' (run `scaffold crud --help`)"),
    (["crud", "Gadget", "name:str", "--project"], "requires an argument (run `scaffold crud"),
    (["check", "stateless", "--jobs", "-1"], "x>=0 (run `scaffold check stateless --help`)"),
    (["frobnicate"], "no such command 'frobnicate' (run `scaffold --help`)"),
    # options that contradict each other
    (["check", "stateless", "--json", "--format", "sarif"], "--json contradicts --format sarif"),
    (["check", "stateless", "--explain", "SA101", "--list-rules"], "contradicts --list-rules"),
    (["check", "stateless", "--no-cache", "--cache-dir", "c"], "--no-cache contradicts"),
    (["migrate", "lint", "--json", "--format", "github"], "--json contradicts --format github"),
    (
        ["field", "add", "Widget", "weight:int", "--backfill", "1", "--no-migration"],
        "--backfill 1 contradicts --no-migration",
    ),
]
TEXT_CASES = [(args, needle) for args, needle in CASES if "--json" not in args]
GROUPS = {"check", "field", "migrate", "spec", "templates"}


def _ids(cases: list[tuple[list[str], str]]) -> list[str]:
    return [" ".join(args)[:60] for args, _ in cases]


def _with_json(args: list[str]) -> list[str]:
    """`args` with --json right after the command's name (not where an option's value goes)."""
    if "--json" in args:
        return args
    at = 2 if args[0] in GROUPS else 1
    return [*args[:at], "--json", *args[at:]]


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert stderr.startswith("error: "), stderr
    return stderr


@pytest.mark.parametrize(("args", "needle"), TEXT_CASES, ids=_ids(TEXT_CASES))
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    shop: Path, args: list[str], needle: str
) -> None:
    before = _tree_digest(shop)
    result = run_cli(*args, cwd=shop)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert needle in _one_line(result.stderr)
    assert _tree_digest(shop) == before


@pytest.mark.parametrize(("args", "needle"), CASES, ids=_ids(CASES))
def test_bad_input_with_json_is_one_error_document(
    shop: Path, args: list[str], needle: str
) -> None:
    before = _tree_digest(shop)
    result = run_cli(*_with_json(args), cwd=shop)
    assert result.exit_code == 2
    assert result.stderr == ""
    error = json.loads(result.stdout)["error"]  # one document, nothing else on stdout
    assert set(error) == {"code", "message", "hint"} and error["hint"]
    message, _, hint = needle.partition(" (run ")
    assert message in f"{error['message']} ({error['hint']})"
    if hint:  # a usage error of Click's: the hint is the command's --help
        assert error["code"] == "usage" and error["hint"].startswith("run `scaffold ")
    assert _tree_digest(shop) == before


def test_a_name_too_long_is_named_with_its_size_and_a_shorter_one() -> None:
    name = _pascal(_words("order", 70))
    result = run_cli("crud", name, "title:str")
    line = _one_line(result.stderr)
    assert "makes the table 'order_long_long_long" in line and "70 bytes" in line
    assert "PostgreSQL keeps 63 bytes" in line
    assert f"e.g. {_pascal(_words('order', 63)).rsplit('Long', 1)[0]}" in line


def test_a_usage_error_names_the_subcommand_in_its_hint() -> None:
    result = run_cli("field", "add", "--project")
    assert _one_line(result.stderr) == (
        "error: option '--project' requires an argument (run `scaffold field add --help`)\n"
    )
    document = json.loads(run_cli("field", "add", "--bogus", "--json").stdout)
    assert document["error"] == {
        "code": "usage",
        "message": "no such option: --bogus",
        "hint": "run `scaffold field add --help`",
    }


def test_a_bare_group_still_shows_its_help() -> None:
    result = run_cli("check")
    assert result.exit_code == 2
    assert "stateless" in result.stderr and "Usage:" in result.stderr


# --- files that cannot be read, and the last net for OS errors ------------------------------


@pytest.fixture
def shop_copy(shop: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(shop, copy)
    return copy


def test_an_unreadable_model_file_is_named(shop_copy: Path) -> None:
    with as_user(shop_copy.parent) as user:  # as root: nobody, in a subprocess
        shop = user.root / "shop"
        model = shop / "app/models/widget.py"
        before = _tree_digest(shop)
        model.chmod(0)
        try:
            result = user.run("field", "add", "Widget", "weight:float?", cwd=shop)
        finally:
            model.chmod(0o644)
        assert result.exit_code == 2
        line = _one_line(result.stderr)
        assert "app/models/widget.py" in line and "ermission denied" in line
        assert _tree_digest(shop) == before


def test_a_folder_where_the_model_file_should_be_is_named(shop_copy: Path) -> None:
    model = shop_copy / "app/models/widget.py"
    model.unlink()
    model.mkdir()
    before = _tree_digest(shop_copy)
    result = run_cli("field", "add", "Widget", "weight:float?", cwd=shop_copy)
    assert result.exit_code == 2
    assert "app/models/widget.py is a folder, not a file" in _one_line(result.stderr)
    assert _tree_digest(shop_copy) == before


def test_an_os_error_escaping_a_command_is_one_line_naming_the_file(shop_copy: Path) -> None:
    # A folder named like a migration: reading the migrations to find the head fails.
    (shop_copy / "alembic/versions/0000_stray.py").mkdir()
    before = _tree_digest(shop_copy)
    text = run_cli("crud", "Gadget", "name:str", cwd=shop_copy)
    assert text.exit_code == 2
    assert "alembic/versions/0000_stray.py" in _one_line(text.stderr)
    as_json = run_cli("crud", "Gadget", "name:str", "--json", cwd=shop_copy)
    assert as_json.exit_code == 2 and as_json.stderr == ""
    assert "0000_stray.py" in json.loads(as_json.stdout)["error"]["message"]
    assert _tree_digest(shop_copy) == before


# --- the Jinja bytecode cache is a speed-up only ----------------------------------------------


_FEATURE = {"title": "Tasks", "resource": "Task", "route": "tasks", "path": "specs/tasks.md"}


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _folder(cache_home: Path) -> Path:
    from scaffold import __version__

    return cache_home / "scaffold" / f"jinja-{__version__}"


def test_a_cache_file_holding_garbage_is_compiled_again(cache_home: Path) -> None:
    first = render.Renderer().render("backend-scaffolder/feature.md.jinja", _FEATURE)
    files = list(_folder(cache_home).iterdir())
    assert files, "the first render fills the cache"
    for path in files:  # the right header, then no pickle: what a crash or a full disk leaves
        path.write_bytes(bc_magic + b"\x80\x05garbage")
    again = render.Renderer().render("backend-scaffolder/feature.md.jinja", _FEATURE)
    assert str(again) == str(first)


def test_a_cache_folder_another_user_may_write_to_is_not_used(cache_home: Path) -> None:
    folder = _folder(cache_home)
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert render._bytecode_cache() is None
    render.Renderer().render("backend-scaffolder/feature.md.jinja", _FEATURE)
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="only root can give a folder to another user (the test above covers the mode)",
)
def test_a_cache_folder_owned_by_another_user_is_not_used(cache_home: Path) -> None:
    folder = _folder(cache_home)
    folder.mkdir(parents=True)
    os.chown(folder, 65534, 65534)  # nobody
    assert render._bytecode_cache() is None
    assert "# Tasks" in render.Renderer().render("backend-scaffolder/feature.md.jinja", _FEATURE)


def test_a_file_where_the_cache_folder_should_be_means_no_cache(cache_home: Path) -> None:
    _folder(cache_home).parent.mkdir(parents=True)
    _folder(cache_home).write_text("not a folder")
    assert render._bytecode_cache() is None
    assert "# Tasks" in render.Renderer().render("backend-scaffolder/feature.md.jinja", _FEATURE)


def test_an_unwritable_cache_folder_means_compiling_each_time(shop_copy: Path) -> None:
    with as_user(shop_copy.parent) as user:  # as root: nobody, in a subprocess
        cache_home = user.root / "cache"
        folder = _folder(cache_home)
        folder.mkdir(parents=True)
        folder.chmod(0o500)  # the user's own and no one else may write: the cache is used
        try:
            result = user.run(
                "spec",
                "new",
                "tasks",
                cwd=user.root / "shop",
                env={"XDG_CACHE_HOME": str(cache_home)},
            )
        finally:
            folder.chmod(0o700)
        assert result.exit_code == 0, result.stderr
        assert "# Tasks" in (user.root / "shop/specs/features/tasks.md").read_text()
        assert list(folder.iterdir()) == []


# --- the longest names work end to end --------------------------------------------------------

# 63 bytes each: the table, a column, a ref's column (60 + `_id`), a link table.
PARENT = _pascal(_words("parent", 63))
CHILD = _pascal(_words("child", 63))
COLUMN = _words("column", 63)
CHOICE = _words("choice", 63)
REF = _words("parent_ref", 60)
OWNER, OTHER = _pascal(_words("owner", 28)), _pascal(_words("other", 29))  # + `_` + `_link`
SLICE = _pascal(_words("slice", 63))
# A slice (service, its tests, the spec's prose) with the longest fields of each kind: a
# searchable str as long as the column (past the 200 characters `q` takes), an enum, a ref, a
# date filter; their descriptions and a business rule long enough to wrap.
SLICE_SPEC = f"""# Long slices

Resource: {SLICE}

Long slices that a user keeps, with the longest names a spec can give them and prose to wrap.

## Fields

| name | type | required | constraints | description |
| --- | --- | --- | --- | --- |
| {COLUMN} | str | yes | min_length: 255, unique | What this long column holds, at full length |
| {CHOICE} | enum(a\\|b) | yes | default: a, index | Where it stands |
| {REF} | ref({PARENT}) | no | | The parent it belongs to |
| {_words("day", 63)} | date | no | index | When it happens |

## Business rules

- A rule long enough to wrap in the docstring of the service module that it is carried into.
"""


@pytest.fixture(scope="module")
def longest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("longest") / "long"
    spec = "specs/features/long_slices.md"
    steps = [
        ["new", str(root)],
        ["crud", PARENT, f"{COLUMN}:str(40):unique", f"{CHOICE}:enum(a|b):index"],
        ["crud", CHILD, f"{REF}:ref({PARENT})", f"{COLUMN}:int:min(0):max(9)?"],
        ["model", OTHER, "label:str(20)"],
        ["model", OWNER, "title:str(20)", "--many-to-many", OTHER],
        ["slice", "--spec", spec],
        ["field", "add", PARENT, f"{_words('grade', 63)}:enum(x|y)?"],
    ]
    for args in steps:
        if args[0] == "slice":
            (root / spec).parent.mkdir(parents=True, exist_ok=True)
            (root / spec).write_text(SLICE_SPEC, encoding="utf-8")
        result = run_cli(*args, cwd=None if args[0] == "new" else root)
        assert result.exit_code == 0, result.stderr
    return root


@pytest.mark.slow
def test_the_longest_names_type_check_and_pass_their_tests_on_sqlite(
    longest: Path, tmp_path: Path
) -> None:
    link = f"{_words('owner', 28)}_{_words('other', 29)}_link"
    assert (
        len(link) == 63 and link in (longest / f"app/models/{_words('owner', 28)}.py").read_text()
    )
    assert max(len(path.name.encode()) for path in longest.rglob("*")) <= 255
    # All of ruff (lines within 100 columns, app/main.py's and app/models/__init__.py's
    # imports wrapped and sorted), ruff format, mypy --strict, bandit: as for any project.
    lint_and_typecheck(longest)
    migrate_and_test(longest, f"sqlite:///{tmp_path / 'dev.db'}")


@pytest.mark.slow
def test_destroy_takes_out_the_wrapped_registrations_of_the_longest_names(
    longest: Path, tmp_path: Path
) -> None:
    root = tmp_path / "long"
    shutil.copytree(longest, root)
    for name in (SLICE, CHILD, PARENT):
        result = run_cli("destroy", name, "--keep-migration", cwd=root)
        assert result.exit_code == 0, result.stderr
    registrations = [root / "app/main.py", root / "app/models/__init__.py"]
    gone = [_words(prefix, 63) for prefix in ("slice", "child", "parent")]
    for path in registrations:
        text = path.read_text()
        assert not [module for module in gone if module in text], text
    run_in(root, [PYTHON, "-m", "ruff", "check", *map(str, registrations)])
    run_in(root, [PYTHON, "-m", "ruff", "format", "--check", *map(str, registrations)])


@pytest.mark.slow
def test_the_longest_names_are_kept_whole_by_postgresql(
    longest: Path, postgres_admin_url: str
) -> None:
    # `alembic check` in migrate_and_test: the reflected tables, columns, indexes and
    # constraints are the ones the models declare, none cut short.
    for database_url in fresh_postgres_database(postgres_admin_url):
        migrate_and_test(longest, database_url)
