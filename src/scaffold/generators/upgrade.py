"""`scaffold upgrade`: carry project-template improvements into a project with `copier update`.

copier's update is a three-way merge: it renders the template's old version and its new one,
and merges the difference into the project. It needs the old version from a git repository
(`_src_path` + `_commit` in `.copier-answers.yml`), and it writes into a git-tracked project
with a clean tree. scaffold's template ships inside the package, so instead:

1. the old template is the snapshot `scaffold new` (or the last upgrade) recorded in
   `.scaffold/project-template.json`; the new one is the installed template;
2. in a scratch folder, a throw-away git repository gets two tagged commits (old, new) and a
   throw-away git copy of the project's template files gets an answers file pointing at it;
3. `copier update` runs there; conflicts become inline `<<<<<<< before updating` markers;
4. the result is compared with the project and returned as a Plan, which the writer applies
   (atomically, with rollback), so `--dry-run` writes nothing and the project need not be a
   git repository.

Nothing the user wrote is lost: a non-colliding edit survives the merge, a colliding one stays
between conflict markers next to the template's version, and a file the template dropped is
deleted only when the user never edited it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold import __version__
from scaffold.engine.manifest import Manifest
from scaffold.engine.outcome import Outcome
from scaffold.engine.plan import FileChange, Plan, Status, content_hash
from scaffold.engine.template_snapshot import SNAPSHOT_PATH, TemplateSnapshot
from scaffold.errors import ProjectError, ToolError, UserError
from scaffold.generators.project import bundled_template

ANSWERS_FILE = ".copier-answers.yml"
GENERATOR = "backend-scaffolder"
CONFLICT_START = "<<<<<<< before updating"
CONFLICT_END = ">>>>>>> after updating"
# Tags of the throw-away template repository; copier wants PEP 440 versions, old < new.
OLD_TAG, NEW_TAG = "1.0.0", "2.0.0"
# The user's git configuration (hooks, signing, autocrlf) must not change the merge.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "scaffold",
    "GIT_AUTHOR_EMAIL": "scaffold@localhost",
    "GIT_COMMITTER_NAME": "scaffold",
    "GIT_COMMITTER_EMAIL": "scaffold@localhost",
}


@dataclass
class UpgradePlan:
    """The changes an upgrade makes, and what it records in the manifest."""

    plan: Plan
    from_version: str
    to_version: str = __version__
    merge_conflicts: list[str] = field(default_factory=list)
    # Every template file that stays in the project is scaffold's at the new template's hash,
    # so a file the user edited (or that holds conflict markers) stays "user-edited".
    manifest_files: dict[str, dict[str, str]] = field(default_factory=dict)
    forget_files: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return not self.plan.changes

    def record(self, manifest: Manifest) -> None:
        """Put this upgrade's file hashes into `manifest` (in memory)."""
        manifest.files.update(self.manifest_files)
        for path in self.forget_files:
            manifest.files.pop(path, None)


def plan_upgrade(root: Path, *, template_root: Path | None = None) -> UpgradePlan:
    """Plan merging the template's changes since the project's snapshot into `root`.

    Reads the project and writes only to a scratch folder. `template_root` replaces the
    installed template (tests upgrade to an edited copy).
    """
    template_root = (template_root or bundled_template()).resolve()
    old = TemplateSnapshot.load(root)
    new = TemplateSnapshot.read_template(template_root)
    answers = _read_answers(root)
    if old.files == new.files:
        return UpgradePlan(Plan(root), from_version=old.scaffold_version)
    with tempfile.TemporaryDirectory(prefix="scaffold-upgrade.") as scratch:
        work = Path(scratch)
        old_render = _render(old.materialize(work / "old-template"), work / "old", answers)
        new_render = _render(template_root, work / "new", answers)
        paths = sorted((old_render.keys() | new_render.keys()) - {ANSWERS_FILE})
        symlinks = [p for p in paths if (root / p).is_symlink()]
        paths = [p for p in paths if p not in symlinks]
        merged = _copier_update(root, old, new, answers, paths, work)

    upgrade = UpgradePlan(Plan(root), from_version=old.scaffold_version)
    changes = upgrade.plan.changes
    for path in paths:
        _plan_file(upgrade, path, _read(root / path), merged.get(path), old_render, new_render)
    for path in symlinks:
        current = _read(root / path)
        changes.append(
            FileChange(path, current, current, "keep", "edited", "a symlink: left alone")
        )

    answers_now = _read(root / ANSWERS_FILE)
    answers_new = new_render[ANSWERS_FILE]
    upgrade.manifest_files[ANSWERS_FILE] = {
        "sha256": content_hash(answers_new),
        "generator": GENERATOR,
    }
    if answers_now != answers_new:
        changes.append(
            FileChange(ANSWERS_FILE, answers_now, answers_new, "update", "edited", "answers")
        )
    snapshot_now = _read(root / SNAPSHOT_PATH)
    changes.append(
        FileChange(
            SNAPSHOT_PATH,
            snapshot_now,
            new.render(),
            "update",
            "edited",
            f"template of scaffold {__version__}",
        )
    )
    return upgrade


def _plan_file(
    upgrade: UpgradePlan,
    path: str,
    current: str | None,
    result: str | None,
    old_render: dict[str, str],
    new_render: dict[str, str],
) -> None:
    """Add what the merge `result` means for one template file to `upgrade`."""
    if result is None:
        # Gone after the merge: the template dropped it, or the user had deleted it (and copier
        # does not bring it back). Deleted only if the user never edited it.
        upgrade.forget_files.append(path)
        if current is None:
            return
        if current == old_render.get(path):
            reason = "not in the template any more"
            upgrade.plan.changes.append(FileChange(path, current, None, "delete", "edited", reason))
        else:
            reason = "not in the template any more, but you edited it: kept"
            upgrade.plan.changes.append(
                FileChange(path, current, current, "keep", "edited", reason)
            )
        return
    if path in new_render:
        entry = {"sha256": content_hash(new_render[path]), "generator": GENERATOR}
        upgrade.manifest_files[path] = entry
    else:
        upgrade.forget_files.append(path)
    if result == current:
        return
    if _markers(result) > _markers(current or ""):
        upgrade.merge_conflicts.append(path)
        reason = (
            f"merge conflict: your lines and the template's are both kept between "
            f"`{CONFLICT_START}` and `{CONFLICT_END}`"
        )
    else:
        reason = "new in the template" if current is None else "merged"
    status: Status = "create" if current is None else "update"
    upgrade.plan.changes.append(FileChange(path, current, result, status, "edited", reason))


@dataclass
class UpgradeOutcome(Outcome):
    """What `scaffold upgrade` did (or, on a dry run, would do)."""

    from_version: str = ""
    to_version: str = __version__
    merge_conflicts: list[str] = field(default_factory=list)

    def as_dict(self, *, with_diff: bool) -> dict[str, Any]:
        return {
            **super().as_dict(with_diff=with_diff),
            "conflicts": self.merge_conflicts,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "up_to_date": not self.plan.changes,
        }


def ensure_committed(root: Path, paths: list[str]) -> None:
    """In a git repository, refuse to change files that hold uncommitted changes.

    Then `git diff` shows exactly what the upgrade did, and `git checkout` undoes it. A project
    outside git is upgraded as it is (`--dry-run` is the preview).
    """
    if not paths or shutil.which("git") is None:
        return
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "--", *paths],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    if dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise UserError(
            f"uncommitted changes in files the upgrade would change: {shown}",
            "commit or stash your changes first (preview with `scaffold upgrade --dry-run`)",
            code="dirty",
        )


def _read(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProjectError(
            f"{path} is not UTF-8 text, so it cannot be merged with the template",
            "convert it to UTF-8, or move it out of the way and merge it by hand",
            code="not_text",
        ) from None


def _markers(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.rstrip() == CONFLICT_START)


def _read_answers(root: Path) -> dict[str, Any]:
    """The project's answers to the template's questions (without copier's `_` keys)."""
    import yaml  # type: ignore[import-untyped]  # comes with copier

    path = root / ANSWERS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = None
    except (yaml.YAMLError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise ProjectError(
            f"{ANSWERS_FILE} is missing or not a YAML mapping",
            "restore it from version control (it records the answers the project was made with)",
            code="bad_answers",
        )
    return {str(k): v for k, v in data.items() if not str(k).startswith("_")}


def _render(template: Path, destination: Path, answers: dict[str, Any]) -> dict[str, str]:
    """Render `template` with `answers` into `destination`; return every file's text."""
    from copier import Settings, run_copy

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run_copy(
                str(template),
                str(destination),
                data=answers,
                defaults=True,
                quiet=True,
                overwrite=True,
                unsafe=False,
                skip_tasks=True,
                settings=Settings(),
            )
    except Exception as exc:  # copier raises many types; all mean the render failed
        raise ToolError(
            f"copier could not render the project template ({template}): {exc}",
            f"restore {SNAPSHOT_PATH} from version control, or reinstall scaffold",
        ) from exc
    return {
        p.relative_to(destination).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(destination.rglob("*"))
        if p.is_file()
    }


def _git(cwd: Path, *args: str) -> None:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ToolError(
            f"git {' '.join(args)} failed: {(result.stderr or result.stdout).strip()}",
            "install git 2.24 or newer (`scaffold upgrade` merges with it)",
        )


def _template_repository(old: TemplateSnapshot, new: TemplateSnapshot, folder: Path) -> Path:
    """A git repository holding the old template (tag OLD_TAG) and the new one (NEW_TAG)."""
    folder.mkdir()
    _git(folder, "init", "-q")
    for snapshot, tag in ((old, OLD_TAG), (new, NEW_TAG)):
        for child in folder.iterdir():
            if child.is_dir() and child.name != ".git":
                shutil.rmtree(child)
            elif child.is_file():
                child.unlink()
        snapshot.materialize(folder)
        _git(folder, "add", "-A")
        _git(folder, "commit", "-q", "--allow-empty", "--no-verify", "-m", f"template {tag}")
        _git(folder, "tag", tag)
    return folder


def _copier_update(
    root: Path,
    old: TemplateSnapshot,
    new: TemplateSnapshot,
    answers: dict[str, Any],
    paths: list[str],
    work: Path,
) -> dict[str, str]:
    """Run `copier update` on a git copy of the project's template files; return the result."""
    from copier import Settings, run_update
    from plumbum import local  # copier runs git through plumbum, with its own environment

    if shutil.which("git") is None:
        raise ToolError("git is not installed", "install git (`scaffold upgrade` merges with it)")
    template = _template_repository(old, new, work / "template-repo")
    copy = work / "project"
    copy.mkdir()
    for path in paths:
        if (root / path).is_file():
            (copy / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / path, copy / path)
    # JSON is YAML: the answers pointing copier at the old version of the template.
    recorded = {"_commit": OLD_TAG, "_src_path": str(template), **answers}
    (copy / ANSWERS_FILE).write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")
    _git(copy, "init", "-q")
    _git(copy, "add", "-A")
    _git(copy, "commit", "-q", "--allow-empty", "--no-verify", "-m", "project before upgrade")
    try:
        with warnings.catch_warnings(), local.env(**GIT_ENV):
            warnings.simplefilter("ignore")
            run_update(
                str(copy),
                vcs_ref=NEW_TAG,
                defaults=True,
                overwrite=True,
                quiet=True,
                conflict="inline",
                unsafe=False,
                skip_tasks=True,
                settings=Settings(),
            )
    except Exception as exc:  # copier raises many types; all mean the merge failed
        raise ToolError(
            f"copier update could not merge the template: {exc}",
            f"check that git 2.24+ is installed and {SNAPSHOT_PATH} is intact",
        ) from exc
    leftovers = [p.relative_to(copy).as_posix() for p in copy.rglob("*.rej")]
    if leftovers:
        raise ToolError(
            f"copier update left rejected hunks it could not merge: {', '.join(leftovers)}",
            "report this to scaffold's maintainers; nothing was written",
        )
    return {path: text for path in paths if (text := _read(copy / path)) is not None}
