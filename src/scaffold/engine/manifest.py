"""`.scaffold/manifest.json`: what scaffold generated, with content hashes, and each resource.

The hashes tell a generated-and-untouched file (safe to update) from one the user edited
(a conflict). The resource entries let a re-run be a no-op and let later commands (`destroy`,
`field add`) know what a resource is made of.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold import __version__
from scaffold.errors import ProjectError

MANIFEST_PATH = ".scaffold/manifest.json"
FORMAT_VERSION = 1


@dataclass
class Manifest:
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Manifest:
        path = root / MANIFEST_PATH
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ProjectError(
                f"{MANIFEST_PATH} is not valid JSON ({exc})",
                "restore it from version control, or delete it to treat every file as yours",
                code="bad_manifest",
            ) from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise ProjectError(
                f"{MANIFEST_PATH} has an unknown format",
                "restore it from version control, or upgrade scaffold",
                code="bad_manifest",
            )
        return cls(files=dict(data.get("files", {})), resources=dict(data.get("resources", {})))

    def file_hash(self, path: str) -> str | None:
        entry = self.files.get(path)
        return entry.get("sha256") if entry else None

    def file_meta(self, path: str) -> dict[str, str]:
        """What is recorded about a file besides its hash (generator, resource)."""
        return {k: v for k, v in self.files.get(path, {}).items() if k != "sha256"}

    def render(self) -> str:
        document = {
            "version": FORMAT_VERSION,
            "scaffold": __version__,
            "files": dict(sorted(self.files.items())),
            "resources": dict(sorted(self.resources.items())),
        }
        return json.dumps(document, indent=2) + "\n"
