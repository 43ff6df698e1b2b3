"""Feature flags read from flags.yaml on first use."""

from pathlib import Path

import yaml

FLAGS_FILE = Path(__file__).with_name("flags.yaml")
_flags: dict[str, bool] | None = None


def flags() -> dict[str, bool]:
    global _flags
    if _flags is None:
        _flags = yaml.safe_load(FLAGS_FILE.read_text()) or {}
    return _flags


def enabled(name: str) -> bool:
    return flags().get(name, False)


def _reset_for_tests() -> None:
    global _flags
    _flags = None
