"""Generated projects, built once per module: `scaffold new` then `scaffold crud` per resource."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.generated.specs import SPECS


def generate(root: Path, resources: list[list[str]]) -> Path:
    result = run_cli("new", str(root))
    assert result.exit_code == 0, result.stderr
    for args in resources:
        result = run_cli("crud", *args, cwd=root)
        assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="module", params=sorted(SPECS))
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name = str(request.param)
    return generate(tmp_path_factory.mktemp(name) / name, SPECS[name])
