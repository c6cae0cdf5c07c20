"""Detector findings on the small generated set, computed once per session (helpers: truth.py)."""
from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture(scope="session")
def findings(small_workspace: Any) -> dict[str, Any]:
    """Every detector's Finding on the small generated workspace, by detector name."""
    from graphfraud.detectors import run_detectors
    from graphfraud.store.embedded import EmbeddedStore

    with EmbeddedStore(small_workspace, read_only=True) as store:
        return {f.indicator: f for f in run_detectors(store)}


@pytest.fixture(scope="session", params=["random", "nofraud"])
def varied_rings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Rings detected on a small varied world (tuning seed 4): look-alikes of every kind at drawn
    prevalence and size, with the fraud planted (random) or without it (nofraud)."""
    from graphfraud.generate import generate
    from graphfraud.loaders import load_directory
    from graphfraud.rings.pipeline import detect_rings
    from graphfraud.store.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp(f"varied-{request.param}")
    generate(folder / "data", persons=6000, seed=4, messy=False, variant=request.param)
    truth = json.loads((folder / "data.truth.json").read_text(encoding="utf-8"))
    with EmbeddedStore(folder / "ws.duckdb") as store:
        load_directory(store, folder / "data", folder / "loads")
        result = detect_rings(store, save=False)
    return {"variant": request.param, "truth": truth, "rings": result.rings, "members": result.members}
