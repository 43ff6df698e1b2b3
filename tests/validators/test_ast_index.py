"""The shared walk: scopes, name resolution, imports and recorded mutations."""

from __future__ import annotations

import ast
import textwrap

from scaffold.validators.ast_index import ModuleIndex, build_index


def index_of(source: str) -> ModuleIndex:
    return build_index(ast.parse(textwrap.dedent(source)))


def function(index: ModuleIndex, name: str):  # type: ignore[no-untyped-def]
    return next(info for info in index.functions if info.name == name)


def test_resolution_follows_python_scoping() -> None:
    index = index_of(
        """
        items = []
        counter = 0

        def outer():
            total = 0
            def inner():
                nonlocal total
                global counter
                local = 1
                return items, total, counter, local
            return inner

        class Box:
            items = {}
            def method(self):
                return items
        """
    )
    inner = function(index, "inner").scope
    assert index.resolve("items", inner)[0] == "module"
    assert index.resolve("total", inner)[0] == "enclosing"
    assert index.resolve("counter", inner)[0] == "module"
    assert index.resolve("local", inner)[0] == "local"
    assert index.resolve("len", inner)[0] == "builtin"
    # Class bodies are not visible from methods.
    assert index.resolve("items", function(index, "method").scope)[0] == "module"


def test_comprehension_variables_are_local_to_the_comprehension() -> None:
    index = index_of(
        """
        def f(rows):
            return [row for row in rows]
        """
    )
    scope = function(index, "f").scope
    assert "row" not in scope.locals
    assert "rows" in scope.locals


def test_qualname_resolves_import_aliases() -> None:
    index = index_of(
        """
        import collections as c
        from functools import lru_cache as memo
        import os.path
        x = c.defaultdict
        """
    )
    value = index.module_values["x"][0]
    assert index.qualname(value) == "collections.defaultdict"
    assert index.imports["memo"] == "functools.lru_cache"
    assert index.imports["os"] == "os"


def test_mutations_are_recorded_with_their_kind() -> None:
    index = index_of(
        """
        def f(d, o):
            d["k"] = 1
            del d["k"]
            d.append(2)
            o.attr = 3
            setattr(o, "name", 4)
            n = 0
            n += 1
        """
    )
    kinds = sorted((m.kind, m.attr) for m in index.mutations)
    assert kinds == [
        ("augassign", ""),
        ("delitem", ""),
        ("method", "append"),
        ("setattr", "attr"),
        ("setattr", "name"),
        ("setitem", ""),
    ]


def test_methods_are_attached_to_their_class() -> None:
    index = index_of(
        """
        class Agent:
            history = []
            def ask(self, q):
                return q
        """
    )
    agent = index.module_classes["Agent"]
    assert set(agent.attrs) == {"history"}
    assert set(agent.methods) == {"ask"}
    assert agent.methods["ask"].cls is agent
