"""The package layout shows the architecture: imports point down the layers, and no module
imports itself back through another (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Each layer may import only from the layers listed after it (and from itself).
LAYERS = [
    ("cli", "console", "__main__"),
    ("api",),
    ("generators", "validators", "migrate", "tokens"),
    ("edits", "engine"),
    ("model",),
    ("errors", "registry", "__init__"),
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The scaffold modules `path` imports: `from pkg import mod` counts as importing pkg.mod."""
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names}
            named = submodules & modules.keys()
            targets.update(named)
            if len(named) < len(submodules) and node.module in modules:
                targets.add(node.module)
    return targets


MODULES = _modules()
GRAPH = {name: _imports(path, MODULES) - {name} for name, path in MODULES.items()}


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    for depth, names in enumerate(LAYERS):
        if top in names:
            return depth
    raise AssertionError(f"{module} belongs to no layer: add its package to LAYERS")


def _cycles() -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    return found


def test_the_top_level_holds_only_the_layers() -> None:
    top_modules = sorted(p.stem for p in (SRC / "scaffold").glob("*.py"))
    assert top_modules == ["__init__", "__main__", "api", "console", "errors", "registry", "tokens"]


def test_no_import_cycles() -> None:
    assert _cycles() == []


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down_the_layers(module: str) -> None:
    upward = sorted(t for t in GRAPH[module] if _layer(t) < _layer(module))
    assert upward == [], f"{module} imports from a layer above it"
