"""Shared fixtures: every test starts with the flags file read afresh."""

from collections.abc import Iterator

import pytest

from app.flags import _reset_for_tests


@pytest.fixture(autouse=True)
def fresh_flags() -> Iterator[None]:
    _reset_for_tests()
    yield
    _reset_for_tests()
