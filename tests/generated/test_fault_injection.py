"""A generator killed just before or just after any rename of its apply leaves a project that
the next command finishes or undoes: the tree is then exactly the before- or the after-state,
with no temporary file, journal or lock left and one Alembic head, and running the killed
command again completes it.

The kills are injected, not timed (see tests/engine/interrupt.py): each case forks a child of
this process (scaffold is imported once) whose k-th rename into the project SIGKILLs it. Every
k up to the renames an uninterrupted run makes is tried, before and after the call. The
commands run with a frozen clock and a counting `secrets.token_hex`, so that a re-run writes
the same revision ids and dates as the run that was killed, and trees compare exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import itertools
import pkgutil
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scaffold.cli import main
from scaffold.engine.migrations import read_revisions
from scaffold.migrate.check import heads
from tests.conftest import run_cli
from tests.engine.interrupt import ChildResult, When, leftovers, run_in_child, tree

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples/specs"
CATEGORY = ["crud", "Category", "name:str(80):unique"]
PRODUCT_FIELDS = ["name:str(120)", "price:decimal(10,2)", "stock:int=0", "category:ref(Category)?"]
# command -> (the base project it runs in, its argv)
COMMANDS: dict[str, tuple[str, list[str]]] = {
    "crud": ("with-category", ["crud", "Product", *PRODUCT_FIELDS]),
    "slice": ("with-spec", ["slice", "--spec", "specs/features/projects.md"]),
    "field add": ("with-product", ["field", "add", "Product", "weight:int=0"]),
    "destroy": ("with-product", ["destroy", "Product"]),
}


class _FrozenDatetime(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _FrozenDatetime:
        return cls(2024, 5, 1, 12, 0, 0, tzinfo=tz)


def _import_generators() -> None:
    """Import every module a generator may use, here in the parent: each child then starts
    warm, and `_deterministic` finds every module that holds `datetime`."""
    for package in ("engine", "model", "edits", "generators"):
        found = importlib.import_module(f"scaffold.{package}")
        for module in pkgutil.iter_modules(found.__path__, f"scaffold.{package}."):
            importlib.import_module(module.name)


def _deterministic() -> None:
    """In the child: the same revision ids and dates on every run of a command."""
    counter = itertools.count()

    def token_hex(nbytes: int | None = None) -> str:
        digest = hashlib.sha256(str(next(counter)).encode()).hexdigest()
        return digest[: 2 * (nbytes or 32)]

    secrets.token_hex = token_hex
    for name, module in list(sys.modules.items()):
        if name.startswith("scaffold") and getattr(module, "datetime", None) is dt.datetime:
            module.datetime = _FrozenDatetime  # type: ignore[attr-defined]


def _command(argv: list[str], root: Path) -> Callable[[], None]:
    def run() -> None:
        import os

        os.chdir(root)
        _deterministic()
        main(argv)

    return run


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    _import_generators()
    folder = tmp_path_factory.mktemp("bases")
    new = folder / "new"
    assert run_cli("new", str(new)).exit_code == 0
    with_spec = folder / "with-spec"
    shutil.copytree(new, with_spec)
    (with_spec / "specs/features").mkdir(parents=True)
    shutil.copy(EXAMPLES / "projects.md", with_spec / "specs/features/projects.md")
    with_category = folder / "with-category"
    shutil.copytree(new, with_category)
    assert run_cli(*CATEGORY, cwd=with_category).exit_code == 0
    with_product = folder / "with-product"
    shutil.copytree(with_category, with_product)
    result = run_cli("crud", "Product", *PRODUCT_FIELDS, cwd=with_product)
    assert result.exit_code == 0, result.stderr
    yield {"with-spec": with_spec, "with-category": with_category, "with-product": with_product}


def _heads(root: Path) -> list[str]:
    return heads(read_revisions(root))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_kill_at_any_rename_is_finished_or_undone(
    name: str, bases: dict[str, Path], tmp_path: Path, record_property: Callable[..., None]
) -> None:
    base_name, argv = COMMANDS[name]
    base = bases[base_name]
    started = time.monotonic()

    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    clean = run_in_child(_command(argv, reference), reference, log=tmp_path / "reference.log")
    assert clean.exit_code == 0, clean.log
    before, after = tree(base), tree(reference)
    assert before != after
    renames = clean.renames
    assert renames >= 3  # two journal writes and the manifest, at least

    cases = 0
    points: tuple[When, When] = ("before", "after")
    for k, when in itertools.product(range(1, renames + 1), points):
        case = tmp_path / f"{k}-{when}"
        shutil.copytree(base, case)
        log = tmp_path / f"{k}-{when}.log"
        killed = run_in_child(_command(argv, case), case, kill_at=k, when=when, log=log)
        assert killed.exit_code is None, f"{name} at rename {k} ({when}) was not killed"
        finished = _check_recovered(name, k, when, case, before, after, killed)
        again = run_in_child(_command(argv, case), case, log=tmp_path / f"{k}-{when}.again.log")
        if name == "destroy" and finished:
            # Finished by the recovery: there is nothing left to destroy, and it says so.
            assert again.exit_code == 2 and "no resource Product" in again.log, again.log
        else:
            assert again.exit_code == 0, again.log
        assert tree(case) == after, f"{name} at rename {k} ({when}): the re-run did not complete it"
        assert leftovers(case) == []
        shutil.rmtree(case)
        cases += 1

    took = time.monotonic() - started
    record_property("renames", renames)
    record_property("cases", cases)
    record_property("seconds", round(took, 1))
    print(f"\n{name}: {renames} renames, {cases} kill cases, {took:.1f}s")


def _check_recovered(
    name: str,
    k: int,
    when: str,
    case: Path,
    before: dict[str, str],
    after: dict[str, str],
    killed: ChildResult,
) -> bool:
    """Run the next command; check the tree it leaves. Returns whether it finished the apply."""
    where = f"{name} killed {when} rename {k}"
    assert leftovers(case), f"{where}: a kill mid-apply leaves traces"
    nxt = run_cli("token", cwd=case)  # any command that opens the project
    assert nxt.exit_code == 0, f"{where}: {nxt.stderr}"
    state = tree(case)
    assert state in (before, after), f"{where}: neither the before- nor the after-state"
    assert leftovers(case) == [], where
    recovered = [line for line in nxt.stderr.splitlines() if line.startswith("scaffold: ")]
    assert len(recovered) == 1, f"{where}: {nxt.stderr}"
    assert len(_heads(case)) <= 1, f"{where}: several Alembic heads"
    # The rule (scaffold.engine.journal): only a committed journal, the 2nd rename, goes on.
    forward = k > 2 or (k == 2 and when == "after")
    assert state == (after if forward else before), f"{where}: {recovered[0]}\n{killed.log}"
    return forward
