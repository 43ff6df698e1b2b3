"""The shared validator engine: checkers, rules, file discovery, suppression, cache, formats.

`scaffold check stateless` is its first user; the code-review skill plugs its ruff, mypy and
bandit adapters into the same engine, so everything here speaks `Finding`.
"""
