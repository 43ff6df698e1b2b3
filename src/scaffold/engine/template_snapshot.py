"""`.scaffold/project-template.json`: the project template a project was rendered from.

`scaffold upgrade` needs the template's old version to do a three-way merge (old template,
the project, new template). The template ships inside scaffold, not in a git repository the
project could point at, so `scaffold new` keeps a copy of the template's source in the project.
Each file is stored as a list of lines so that the snapshot's own diff (in `--dry-run` and in
the project's history) reads line by line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import __version__
from scaffold.errors import ProjectError

SNAPSHOT_PATH = ".scaffold/project-template.json"
FORMAT_VERSION = 1
_SKIPPED_PARTS = {"__pycache__", ".git", ".DS_Store"}


@dataclass
class TemplateSnapshot:
    """A template's source files (path relative to the template root -> text)."""

    files: dict[str, str] = field(default_factory=dict)
    scaffold_version: str = __version__

    @classmethod
    def read_template(cls, template_root: Path) -> TemplateSnapshot:
        """Snapshot the template folder at `template_root` (copier.yml and its subdirectory)."""
        files: dict[str, str] = {}
        for path in sorted(template_root.rglob("*")):
            rel = path.relative_to(template_root)
            if not path.is_file() or _SKIPPED_PARTS & set(rel.parts) or path.suffix == ".pyc":
                continue
            try:
                files[rel.as_posix()] = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                # Stored as lines of text, a snapshot cannot hold it; the project gets the file
                # from copier all the same, untracked (`scaffold new` lists it with the reason).
                continue
        return cls(files)

    @classmethod
    def load(cls, root: Path) -> TemplateSnapshot:
        """The snapshot recorded in the project at `root`."""
        path = root / SNAPSHOT_PATH
        if not path.is_file():
            raise ProjectError(
                f"{SNAPSHOT_PATH} is missing, so the template this project was made from is "
                "unknown",
                "restore it from version control; projects made before scaffold recorded its "
                "template cannot be upgraded automatically (compare with a fresh `scaffold new`)",
                code="no_template_snapshot",
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = {
                rel: "".join(lines)
                for rel, lines in data["files"].items()
                if isinstance(rel, str) and all(isinstance(line, str) for line in lines)
            }
            ok = data.get("format") == FORMAT_VERSION and len(files) == len(data["files"])
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
            ok = False
        if not ok:
            raise ProjectError(
                f"{SNAPSHOT_PATH} is not a template snapshot this scaffold can read",
                "restore it from version control, or upgrade scaffold",
                code="bad_template_snapshot",
            )
        return cls(files, str(data.get("scaffold", "unknown")))

    def render(self) -> str:
        """The snapshot file's text."""
        document = {
            "format": FORMAT_VERSION,
            "scaffold": self.scaffold_version,
            "files": {
                rel: text.splitlines(keepends=True) for rel, text in sorted(self.files.items())
            },
        }
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"

    def materialize(self, folder: Path) -> Path:
        """Write the template's files under `folder` (a scratch folder); return it."""
        for rel, text in self.files.items():
            target = (folder / rel).resolve()
            if not target.is_relative_to(folder.resolve()):
                raise ProjectError(
                    f"{SNAPSHOT_PATH} names a file outside the template ({rel})",
                    "restore it from version control",
                    code="bad_template_snapshot",
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
        return folder
