"""A minimal project (the two marker files and a few generated ones): cheap to make per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.engine.manifest import MANIFEST_PATH, Manifest
from scaffold.engine.plan import content_hash

FILES = {
    "app/main.py": "app = None\n",
    "app/models/product.py": "class Product: ...\n",
    "app/api/product.py": "router = None\n",
}


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    manifest = Manifest()
    for path, text in FILES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
        manifest.files[path] = {"sha256": content_hash(text), "generator": "crud-builder"}
    (root / "app/models/product.py").chmod(0o640)  # an updated file keeps its mode
    manifest.resources["Product"] = {"fields": ["name:str"], "files": sorted(FILES)[1:]}
    (root / MANIFEST_PATH).parent.mkdir()
    (root / MANIFEST_PATH).write_text(manifest.render(), encoding="utf-8")
    return root
