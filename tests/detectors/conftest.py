"""Detector findings on the small generated set, computed once per session (helpers: truth.py)."""
from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def findings(small_workspace: Any) -> dict[str, Any]:
    """Every detector's Finding on the small generated workspace, by detector name."""
    from graphfraud.detectors import run_detectors
    from graphfraud.store.embedded import EmbeddedStore

    with EmbeddedStore(small_workspace, read_only=True) as store:
        return {f.indicator: f for f in run_detectors(store)}
