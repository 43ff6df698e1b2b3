"""Templates a team can own: eject the built-in generator templates into the project, and see
how the project's copies differ from the built-in ones of the installed scaffold.

`render.Renderer` looks in `.scaffold/templates/` first, file by file, so a copy there wins
over the built-in one. Ejected copies are the team's files from then on: they are not tracked
in the manifest as generated (editing them is never a conflict), but `ejected.json` next to them
records which scaffold version (and which built-in content) each one was copied from, so that
`scaffold templates diff` can tell "edited by you" from "the built-in changed since".
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from scaffold import __version__
from scaffold.engine.plan import FileChange, Plan, Status, content_hash
from scaffold.engine.render import OVERRIDES_DIR
from scaffold.engine.resources import templates_dir
from scaffold.errors import ProjectError, UserError
from scaffold.registry import SKILLS

EJECT_RECORD = f"{OVERRIDES_DIR}/ejected.json"
RECORD_FORMAT = 1
# The copier project template is not a generator's: upgrading a project is `scaffold upgrade`.
PROJECT_TEMPLATES = "project"

FileStatus = Literal["identical", "modified", "builtin-only", "project-only"]


@dataclass(frozen=True)
class TemplateSet:
    """One skill's template folder (`templates/<folder>/`, overridden in `.scaffold/templates/`)."""

    skill: str
    folder: str


def ejectable() -> list[TemplateSet]:
    """The generator template folders a project can override, derived from the skill registry.

    A skill's folder is the one the registry names, or `templates/<skill name>/` (where a skill
    whose registry entry names the copier project template keeps its generator templates);
    the copier project template itself is not ejectable.
    """
    sets: list[TemplateSet] = []
    for skill in SKILLS:
        taken = {s.folder for s in sets}  # skills may share a folder (model uses crud's)
        sets += [s for s in _skill_sets(skill.name, skill.templates) if s.folder not in taken]
    return sets


def _skill_sets(name: str, templates: str | None) -> list[TemplateSet]:
    folders = dict.fromkeys(f for f in (templates, name) if f)
    return [
        TemplateSet(name, folder)
        for folder in folders
        if folder != PROJECT_TEMPLATES and (templates_dir() / folder).is_dir()
    ]


def select(skill: str | None) -> list[TemplateSet]:
    """Every ejectable template set, or those of `skill` (a clear error when there are none)."""
    sets = ejectable()
    if skill is None:
        return sets
    by_name = [_skill_sets(s.name, s.templates) for s in SKILLS if s.name == skill]
    chosen = by_name[0] if by_name else [s for s in sets if s.folder == skill]
    if chosen:
        return chosen
    known = ", ".join(dict.fromkeys(s.skill for s in sets)) or "none"
    raise UserError(
        f"no templates to eject for skill '{skill}' (skills with templates: {known})",
        f"name one of them, e.g. scaffold templates eject {sets[0].skill if sets else 'SKILL'}",
        code="unknown_skill",
    )


def builtin_files(folder: str) -> dict[str, Path]:
    """`<folder>/<file>` -> path of every built-in template file of a folder."""
    return _files_under(templates_dir(), folder)


def project_files(root: Path, folder: str) -> dict[str, Path]:
    """`<folder>/<file>` -> path of every project copy (override) of a folder."""
    return _files_under(root / OVERRIDES_DIR, folder)


def _files_under(base: Path, folder: str) -> dict[str, Path]:
    top = base / folder
    if not top.is_dir():
        return {}
    return {
        p.relative_to(base).as_posix(): p
        for p in sorted(top.rglob("*"))
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.startswith(".")
        and not p.name.endswith(".pyc")
    }


def _read(path: Path) -> str:
    """A project copy's text; one that is not UTF-8 text is a clear error, not a traceback."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProjectError(
            f"{path} is not UTF-8 text, so it cannot be a template",
            "remove it, or save it as UTF-8",
            code="bad_template_copy",
        ) from None


# --- the eject record -----------------------------------------------------------------------


def load_record(root: Path) -> dict[str, dict[str, str]]:
    """`<folder>/<file>` -> {"scaffold": version, "sha256": built-in content when ejected}."""
    path = root / EJECT_RECORD
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ProjectError(
            f"{EJECT_RECORD} is not valid JSON ({exc})",
            "restore it from version control, or delete it (diff then cannot say which "
            "version a copy came from)",
            code="bad_eject_record",
        ) from None
    if (
        not isinstance(data, dict)
        or data.get("version") != RECORD_FORMAT
        or not isinstance(data.get("files", {}), dict)
    ):
        raise ProjectError(
            f"{EJECT_RECORD} has an unknown format",
            "restore it from version control, or upgrade scaffold",
            code="bad_eject_record",
        )
    files = data.get("files", {})
    return {str(k): dict(v) for k, v in files.items() if isinstance(v, dict)}


def _render_record(files: dict[str, dict[str, str]]) -> str:
    document = {"version": RECORD_FORMAT, "files": dict(sorted(files.items()))}
    return json.dumps(document, indent=2) + "\n"


# --- eject ----------------------------------------------------------------------------------


def plan_eject(root: Path, skill: str | None, names: list[str] | None = None) -> Plan:
    """Copy built-in templates into `.scaffold/templates/` (all, one skill's, or some files).

    A missing copy is `create`, an equal one `identical`, a different one a `conflict` (the
    team's edits; `--force` overwrites them). Copies are the team's files, so they are not
    tracked as generated; `ejected.json` records the version and content they came from.
    """
    sets = select(skill)
    wanted = _wanted_files(sets, names)
    record = load_record(root)
    changes: list[FileChange] = []
    for template, source in wanted.items():
        new = source.read_text(encoding="utf-8")
        path = f"{OVERRIDES_DIR}/{template}"
        target = root / path
        old = _read(target) if target.is_file() else None
        status: Status = "create" if old is None else "identical" if old == new else "conflict"
        reason = "your copy differs from the built-in" if status == "conflict" else ""
        changes.append(FileChange(path, old, new, status, "edited", reason))
        record[template] = {"scaffold": __version__, "sha256": content_hash(new)}
    changes.append(_record_change(root, record))
    return Plan(root, changes)


def _wanted_files(sets: list[TemplateSet], names: list[str] | None) -> dict[str, Path]:
    available: dict[str, Path] = {}
    for template_set in sets:
        available.update(builtin_files(template_set.folder))
    if not names:
        return available
    if len({s.skill for s in sets}) != 1:
        raise UserError(
            "template files need a skill", "name it first: scaffold templates eject SKILL FILE..."
        )
    wanted = {}
    for name in names:
        candidates = [name, *(f"{s.folder}/{name}" for s in sets)]
        template = next((c for c in candidates if c in available), None)
        if template is None:
            known = ", ".join(t.split("/", 1)[1] for t in available)
            raise UserError(
                f"{sets[0].skill} has no template '{name}' (its templates: {known})",
                "name one of those files, or leave FILE out to eject them all",
                code="unknown_template",
            )
        wanted[template] = available[template]
    return wanted


def _record_change(root: Path, record: dict[str, dict[str, str]]) -> FileChange:
    new = _render_record(record)
    target = root / EJECT_RECORD
    old = target.read_text(encoding="utf-8") if target.is_file() else None
    status: Status = "create" if old is None else "identical" if old == new else "update"
    return FileChange(EJECT_RECORD, old, new, status, "edited")


# --- diff and list --------------------------------------------------------------------------


@dataclass
class TemplateFile:
    """One template as the project resolves it: its built-in and/or project copy."""

    template: str  # <folder>/<file>, the name generators render
    skill: str
    status: FileStatus
    builtin: Path | None
    override: Path | None
    note: str = ""
    diff: str = ""

    @property
    def resolves_to(self) -> str:
        return "override" if self.override is not None else "built-in"

    def as_dict(self, *, with_diff: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "template": self.template,
            "skill": self.skill,
            "status": self.status,
            "resolves_to": self.resolves_to,
            "builtin": str(self.builtin) if self.builtin else None,
            "override": str(self.override) if self.override else None,
        }
        if self.note:
            data["note"] = self.note
        if with_diff and self.diff:
            data["diff"] = self.diff
        return data


@dataclass
class TemplatesReport:
    """How a project's template copies compare with the installed scaffold's built-ins."""

    root: Path
    files: list[TemplateFile] = field(default_factory=list)
    ejected_from: dict[str, list[str]] = field(default_factory=dict)  # skill -> versions
    unused_folders: list[str] = field(default_factory=list)  # .scaffold/templates/<x>, no skill

    @property
    def differs(self) -> bool:
        """Some copy differs from its built-in, or has none (like `git diff --exit-code`)."""
        changed = any(f.status in {"modified", "project-only"} for f in self.files)
        return changed or bool(self.unused_folders)

    @property
    def warnings(self) -> list[str]:
        found = [
            f"{OVERRIDES_DIR}/{f.template} has no built-in counterpart ({f.note})"
            for f in self.files
            if f.status == "project-only"
        ]
        found += [
            f"{OVERRIDES_DIR}/{folder}/ is not used: no generator has templates named "
            f"'{folder}' (generators: {', '.join(s.folder for s in ejectable())})"
            for folder in self.unused_folders
        ]
        return found

    def as_dict(self, *, with_diff: bool) -> dict[str, Any]:
        return {
            "root": str(self.root),
            "scaffold": __version__,
            "ejected_from": self.ejected_from,
            "differs": self.differs,
            "files": [f.as_dict(with_diff=with_diff) for f in self.files],
            "warnings": self.warnings,
        }


def compare(root: Path, skill: str | None) -> TemplatesReport:
    """Each template of the selected skills: identical, modified (with a unified diff from the
    built-in to the project copy), built-in only (falls back) or project only (stale?)."""
    sets = select(skill)
    record = load_record(root)
    report = TemplatesReport(root)
    for template_set in sets:
        builtins = builtin_files(template_set.folder)
        copies = project_files(root, template_set.folder)
        versions = sorted({record[t]["scaffold"] for t in copies if t in record})
        if versions:
            report.ejected_from[template_set.skill] = versions
        for template in sorted(set(builtins) | set(copies)):
            report.files.append(
                _compare_one(
                    template,
                    template_set.skill,
                    builtins.get(template),
                    copies.get(template),
                    record.get(template),
                )
            )
    if skill is None:
        known = {s.folder for s in sets}
        overrides = root / OVERRIDES_DIR
        if overrides.is_dir():
            report.unused_folders = sorted(
                p.name for p in overrides.iterdir() if p.is_dir() and p.name not in known
            )
    return report


def _compare_one(
    template: str,
    skill: str,
    builtin: Path | None,
    override: Path | None,
    recorded: dict[str, str] | None,
) -> TemplateFile:
    if override is None:
        return TemplateFile(
            template, skill, "builtin-only", builtin, None, "no copy: built-in used"
        )
    if builtin is None:
        note = "a file of yours, or a built-in that was renamed or removed"
        return TemplateFile(template, skill, "project-only", None, override, note)
    theirs = builtin.read_text(encoding="utf-8")
    ours = _read(override)
    if ours == theirs:
        return TemplateFile(template, skill, "identical", builtin, override)
    diff = "".join(
        difflib.unified_diff(
            theirs.splitlines(keepends=True),
            ours.splitlines(keepends=True),
            fromfile=f"built-in/{template}",
            tofile=f"{OVERRIDES_DIR}/{template}",
        )
    )
    return TemplateFile(
        template, skill, "modified", builtin, override, _why(ours, theirs, recorded), diff
    )


def _why(ours: str, theirs: str, recorded: dict[str, str] | None) -> str:
    """Which side moved since the eject, from the built-in content it recorded."""
    if recorded is None or "sha256" not in recorded:
        return "differs (no eject record to tell which side changed)"
    since = recorded.get("scaffold", "?")
    base = recorded["sha256"]
    if content_hash(ours) == base:
        return (
            f"the built-in changed since you ejected it from {since}; "
            "`scaffold templates eject --force` takes it"
        )
    if content_hash(theirs) == base:
        return f"edited by you since you ejected it from {since}"
    return f"edited by you, and the built-in changed since {since}: merge the diff by hand"
