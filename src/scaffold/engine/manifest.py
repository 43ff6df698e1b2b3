"""`.scaffold/manifest.json`: what scaffold generated, with content hashes, and each resource.

The hashes tell a generated-and-untouched file (safe to update) from one the user edited
(a conflict). The resource entries let a re-run be a no-op and let later commands (`destroy`,
`field add`) know what a resource is made of.
"""

from __future__ import annotations

import json
import re
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
        """Read and validate the manifest (an empty one when there is none).

        Raises:
            ProjectError: it is not JSON, or an entry has the wrong shape (`bad_manifest`).
        """
        path = root / MANIFEST_PATH
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise _bad(f"{MANIFEST_PATH} cannot be read ({reason})") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _bad(f"{MANIFEST_PATH} is not valid JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise ProjectError(
                f"{MANIFEST_PATH} has an unknown format",
                "restore it from version control, or upgrade scaffold",
                code="bad_manifest",
            )
        files, resources = data.get("files", {}), data.get("resources", {})
        _check_files(files)
        _check_resources(resources)
        return cls(files=dict(files), resources=dict(resources))

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


# --- shape checks: what every reader of an entry relies on, not every key ----------------------

_SHA256 = re.compile(r"[0-9a-f]{64}")
# Resource keys and the JSON type each must have when present (`fields` must be).
_RESOURCE_KEYS: dict[str, tuple[type, str]] = {
    "generator": (str, "a string"),
    "spec": (str, "a string"),
    "plural": (str, "a string"),
    "options": (dict, "an object"),
    "descriptions": (dict, "an object"),
    "migration": (dict, "an object"),
}
_STRING_LISTS = ("fields", "files")


def _bad(message: str) -> ProjectError:
    return ProjectError(
        message,
        f"restore it from version control (git checkout -- {MANIFEST_PATH})",
        code="bad_manifest",
    )


def _wrong(what: str) -> ProjectError:
    """`what` names the bad key the way a JSON path would: `files["app/x.py"]`."""
    return _bad(f"{MANIFEST_PATH}: {what}")


def _check_files(files: object) -> None:
    if not isinstance(files, dict):
        raise _wrong('"files" must be an object of path -> {"sha256": ...}')
    for path, entry in files.items():
        key = f"files[{json.dumps(path)}]"
        if not isinstance(entry, dict):
            raise _wrong(f"{key} must be an object")
        digest = entry.get("sha256")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise _wrong(f'{key}["sha256"] must be 64 lowercase hex digits')
        for name, value in entry.items():
            if not isinstance(value, str):
                raise _wrong(f"{key}[{json.dumps(name)}] must be a string")


def _check_resources(resources: object) -> None:
    if not isinstance(resources, dict):
        raise _wrong('"resources" must be an object of resource name -> entry')
    for name, entry in resources.items():
        key = f"resources[{json.dumps(name)}]"
        if not isinstance(entry, dict):
            raise _wrong(f"{key} must be an object")
        if "fields" not in entry:
            raise _wrong(f'{key} has no "fields"')
        for list_key in _STRING_LISTS:
            value = entry.get(list_key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _wrong(f"{key}[{json.dumps(list_key)}] must be a list of strings")
        for item, (kind, described) in _RESOURCE_KEYS.items():
            if item in entry and not isinstance(entry[item], kind):
                raise _wrong(f"{key}[{json.dumps(item)}] must be {described}")
        migration = entry.get("migration", {})
        if "path" in migration and not isinstance(migration["path"], str):
            raise _wrong(f'{key}["migration"]["path"] must be a string')
        changes = entry.get("field_changes", [])
        if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
            raise _wrong(f'{key}["field_changes"] must be a list of objects')
