"""An apply killed at any rename is finished or undone by the next command that opens the
project: the tree is then exactly the before- or the after-state, with nothing left over."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scaffold.engine.journal import JOURNAL_PATH, Journal
from scaffold.engine.manifest import Manifest
from scaffold.engine.plan import FileChange, Plan, classify
from scaffold.engine.project import Project
from scaffold.errors import ProjectError
from tests.engine.interrupt import When, leftovers, run_in_child, tree

# Two journal writes (prepared, committed), one rename per file written, the manifest last.
RENAMES = 5


def _plan(root: Path, manifest: Manifest) -> Plan:
    """An update (of a 0640 file), a creation in a new folder, a deletion emptying a folder."""
    model = "app/models/product.py"
    changes = [
        classify(
            root, model, "class Product:\n    name: str\n", kind="generated",
            recorded_hash=manifest.file_hash(model),
        ),
        classify(
            root, "app/services/product.py", "def products() -> None: ...\n",
            kind="generated", recorded_hash=None,
        ),
    ]  # fmt: skip
    if (root / "app/api/product.py").exists():  # gone once the plan is applied
        changes.append(FileChange("app/api/product.py", "router = None\n", None, "delete"))
    plan = Plan(root, changes, remove_dirs=["app/api"])
    plan.manifest.forget_files = ["app/api/product.py"]
    return plan


def _apply(root: Path) -> None:
    with Project.open(root, write=True, command="crud Product") as project:
        project.apply(_plan(project.root, project.manifest))


def _open_read_only(root: Path) -> None:
    with Project.open(root, write=False, command="crud Product --dry-run"):
        pass


@pytest.fixture
def states(mini: Path, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    before = tree(mini)
    done = tmp_path / "done"
    shutil.copytree(mini, done)
    _apply(done)
    return before, tree(done)


def test_an_uninterrupted_apply_makes_one_rename_per_file_and_two_for_the_journal(
    mini: Path, tmp_path: Path, states: tuple[dict[str, str], dict[str, str]]
) -> None:
    result = run_in_child(lambda: _apply(mini), mini, log=tmp_path / "log")
    assert (result.exit_code, result.renames) == (0, RENAMES), result.log
    assert tree(mini) == states[1]
    assert leftovers(mini) == []
    assert states[1]["app/models/product.py"].startswith("640 ")  # the mode it had
    assert "app/api/" not in states[1] and "app/services/" in states[1]


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("k", range(1, RENAMES + 1))
def test_a_kill_at_any_rename_is_finished_or_undone_by_the_next_command(
    mini: Path,
    tmp_path: Path,
    states: tuple[dict[str, str], dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    k: int,
    when: When,
) -> None:
    before, after = states
    killed = run_in_child(lambda: _apply(mini), mini, kill_at=k, when=when, log=tmp_path / "log")
    assert killed.exit_code is None, killed.log
    assert leftovers(mini), "a kill mid-apply leaves its traces"

    _open_read_only(mini)  # a dry run: it takes the lock to finish the work first
    message = capsys.readouterr().err
    # The rule: only a committed journal (written by the 2nd rename) is rolled forward.
    forward = k > 2 or (k == 2 and when == "after")
    assert tree(mini) == (after if forward else before)
    assert leftovers(mini) == []
    journal = "`scaffold crud Product` (journal .scaffold/journal.json)"
    if forward:
        expected = f"finished an interrupted {journal}"
    elif k == 1 and when == "before":
        expected = "removed 1 temporary file(s) an interrupted scaffold command left"
    else:
        expected = f"undid an interrupted {journal}"
    assert message == f"scaffold: {expected}\n"

    _apply(mini)  # running the command again completes it
    assert tree(mini) == after


def test_a_committed_journal_something_disturbed_is_rolled_back(
    mini: Path, tmp_path: Path, states: tuple[dict[str, str], dict[str, str]]
) -> None:
    killed = run_in_child(lambda: _apply(mini), mini, kill_at=2, when="after", log=tmp_path / "l")
    assert killed.exit_code is None
    journal = Journal.load(mini)
    assert journal is not None and journal.state == "committed"
    (mini / journal.renames[0].temp).unlink()  # that rename can be neither made nor told made
    _open_read_only(mini)
    assert tree(mini) == states[0]
    assert leftovers(mini) == []


def test_stray_temporary_files_without_a_journal_are_removed_by_a_writer(mini: Path) -> None:
    stray = mini / "app/models/.product.py.scaffold-0badf00d.tmp"
    stray.write_text("half")
    with Project.open(mini, write=True, command="crud Product"):
        pass
    assert not stray.exists()
    assert leftovers(mini) == []


def test_an_unreadable_journal_is_a_clear_error(mini: Path) -> None:
    (mini / JOURNAL_PATH).write_text(json.dumps({"version": 1, "state": "half"}))
    with pytest.raises(ProjectError) as caught, Project.open(mini, write=True):
        pass
    assert caught.value.code == "bad_journal"
    assert JOURNAL_PATH in caught.value.message
