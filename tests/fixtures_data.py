"""Generated data sets, made once per test session and shared read-only by the tests."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SMALL = {"persons": 1500, "seed": 7}


@pytest.fixture(scope="session")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A messy generated data directory (the same recipe as examples/data)."""
    from graphfraud.generate import generate

    out = tmp_path_factory.mktemp("gen") / "data"
    generate(out, **SMALL)
    return out


@pytest.fixture(scope="session")
def small_truth(small_data: Path) -> dict[str, Any]:
    return json.loads((small_data.parent / "data.truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def small_workspace(small_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded workspace with the small data set loaded; copy it before writing to it."""
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp("ws")
    path = folder / "small.duckdb"
    with EmbeddedStore(path) as store:
        load_directory(store, small_data, folder / "loads")
    return path


@pytest.fixture(scope="session")
def detected(small_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A copy of the small workspace (examples/data) after ``graphfraud detect --json``, and that JSON:
    rings stored, leads opened. Read-only for the tests that share it; copy it to write."""
    import shutil

    from tests.helpers import run_cli

    path = tmp_path_factory.mktemp("rings") / "detected.duckdb"
    shutil.copy(small_workspace, path)
    result = run_cli("detect", "--workspace", path, "--json")
    assert result.exit_code == 0, result.output
    return path, json.loads(result.stdout)
