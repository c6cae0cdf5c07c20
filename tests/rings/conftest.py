"""A workspace with rings detected on the small generated set, shared by the ring tests (read-only)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli


@pytest.fixture(scope="session")
def detected(small_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A copy of the small workspace after ``graphfraud detect --json``, and that JSON."""
    path = tmp_path_factory.mktemp("rings") / "detected.duckdb"
    shutil.copy(small_workspace, path)
    result = run_cli("detect", "--workspace", path, "--json")
    assert result.exit_code == 0, result.output
    return path, json.loads(result.output)
